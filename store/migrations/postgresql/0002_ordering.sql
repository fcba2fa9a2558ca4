-- Ordering in chat: per-person state, persistent carts, the vendor's language.

ALTER TABLE vendors ADD COLUMN language TEXT NOT NULL DEFAULT 'en';

-- What the bot remembers about a Telegram user between messages (survives restarts).
CREATE TABLE user_state (
    telegram_user_id    BIGINT PRIMARY KEY,
    language            TEXT,
    active_customer_id  BIGINT REFERENCES customers(id) ON DELETE SET NULL,
    awaiting            TEXT,
    updated_at          TIMESTAMPTZ NOT NULL
);

-- A contact's cart for one customer: the same on every device, kept across restarts.
CREATE TABLE carts (
    contact_id     BIGINT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    customer_id    BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    delivery_date  DATE,
    late_accepted  BIGINT NOT NULL DEFAULT 0,
    comment        TEXT NOT NULL DEFAULT '',
    nonce          TEXT NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (contact_id, customer_id)
);

CREATE TABLE cart_lines (
    contact_id   BIGINT NOT NULL,
    customer_id  BIGINT NOT NULL,
    product_id   BIGINT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    quantity     NUMERIC    NOT NULL,
    added_at     TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (contact_id, customer_id, product_id),
    FOREIGN KEY (contact_id, customer_id) REFERENCES carts(contact_id, customer_id)
        ON DELETE CASCADE
);

-- Where the vendor's card for an order was posted, so it can be edited in place.
CREATE TABLE order_cards (
    order_id    BIGINT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    chat_id     BIGINT NOT NULL,
    message_id  BIGINT NOT NULL,
    PRIMARY KEY (order_id, chat_id)
);
