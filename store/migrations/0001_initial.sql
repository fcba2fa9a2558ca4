-- Comanda schema, version 1.  Money is TEXT holding a Decimal; dates are ISO 8601 TEXT;
-- timestamps are UTC ISO 8601 TEXT; weekdays are comma lists of mon..sun.

CREATE TABLE vendors (
    id                       INTEGER PRIMARY KEY,
    name                     TEXT    NOT NULL,
    timezone                 TEXT    NOT NULL,
    currency                 TEXT    NOT NULL DEFAULT 'EUR',
    cutoff_time              TEXT    NOT NULL DEFAULT '14:00',
    cutoff_kind              TEXT    NOT NULL DEFAULT 'strict'
                                     CHECK (cutoff_kind IN ('strict', 'flexible')),
    delivery_days            TEXT    NOT NULL DEFAULT 'mon,tue,wed,thu,fri',
    minimum_order_value      TEXT,
    customers_edit_number    INTEGER NOT NULL DEFAULT 0,
    team_chat_id             INTEGER,
    team_chat_is_forum       INTEGER NOT NULL DEFAULT 0,
    created_at               TEXT    NOT NULL
);

CREATE TABLE closure_dates (
    vendor_id  INTEGER NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    day        TEXT    NOT NULL,
    PRIMARY KEY (vendor_id, day)
);

CREATE TABLE team_members (
    id                INTEGER PRIMARY KEY,
    vendor_id         INTEGER NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    telegram_user_id  INTEGER NOT NULL,
    name              TEXT    NOT NULL DEFAULT '',
    role              TEXT    NOT NULL CHECK (role IN ('admin', 'rep')),
    private_cards     INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT    NOT NULL,
    UNIQUE (vendor_id, telegram_user_id)
);

CREATE TABLE catalogs (
    id         INTEGER PRIMARY KEY,
    vendor_id  INTEGER NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    is_main    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (vendor_id, name)
);
CREATE UNIQUE INDEX catalogs_one_main ON catalogs(vendor_id) WHERE is_main = 1;

CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    vendor_id   INTEGER NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    product_id  TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    unit        TEXT    NOT NULL,
    price       TEXT    NOT NULL,
    category    TEXT    NOT NULL DEFAULT '',
    available   INTEGER NOT NULL DEFAULT 1,
    updated_at  TEXT    NOT NULL,
    UNIQUE (vendor_id, product_id)
);

-- Membership of products in additional catalogues; the main catalogue holds every product.
CREATE TABLE catalog_products (
    catalog_id  INTEGER NOT NULL REFERENCES catalogs(id) ON DELETE CASCADE,
    product_id  INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    PRIMARY KEY (catalog_id, product_id)
);

CREATE TABLE customers (
    id                        INTEGER PRIMARY KEY,
    vendor_id                 INTEGER NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    name                      TEXT    NOT NULL,
    address                   TEXT    NOT NULL DEFAULT '',
    customer_number           TEXT    NOT NULL,
    catalog_id                INTEGER REFERENCES catalogs(id) ON DELETE SET NULL,
    cutoff_override           INTEGER NOT NULL DEFAULT 0,
    cutoff_time               TEXT,
    cutoff_kind               TEXT CHECK (cutoff_kind IS NULL OR cutoff_kind IN ('strict', 'flexible')),
    delivery_days_override    INTEGER NOT NULL DEFAULT 0,
    delivery_days             TEXT,
    discount_percent          TEXT    NOT NULL DEFAULT '0',
    payment_method            TEXT    NOT NULL DEFAULT 'on_delivery'
                              CHECK (payment_method IN ('on_delivery', 'credit', 'sepa_direct_debit')),
    standing                  TEXT    NOT NULL DEFAULT 'no_incidents'
                              CHECK (standing IN ('no_incidents', 'debtor', 'delinquent', 'do_not_sell')),
    deleted_at                TEXT,
    created_at                TEXT    NOT NULL
);
-- Unique per vendor among customers that exist; a deleted customer's number may be reused.
CREATE UNIQUE INDEX customers_number_per_vendor
    ON customers(vendor_id, customer_number) WHERE deleted_at IS NULL;

CREATE TABLE rep_assignments (
    team_member_id  INTEGER NOT NULL REFERENCES team_members(id) ON DELETE CASCADE,
    customer_id     INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    PRIMARY KEY (team_member_id, customer_id)
);

-- A Telegram user who orders for one or more customers (of one or more vendors).
CREATE TABLE contacts (
    id                INTEGER PRIMARY KEY,
    telegram_user_id  INTEGER NOT NULL UNIQUE,
    name              TEXT    NOT NULL DEFAULT '',
    phone             TEXT,
    language          TEXT,
    phone_asked       INTEGER NOT NULL DEFAULT 0,
    muted             INTEGER NOT NULL DEFAULT 0,
    unreachable       INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT    NOT NULL
);

CREATE TABLE customer_contacts (
    customer_id  INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    contact_id   INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    created_at   TEXT    NOT NULL,
    PRIMARY KEY (customer_id, contact_id)
);

CREATE TABLE labels (
    id         INTEGER PRIMARY KEY,
    vendor_id  INTEGER NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    UNIQUE (vendor_id, name)
);

CREATE TABLE customer_labels (
    customer_id  INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    label_id     INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    PRIMARY KEY (customer_id, label_id)
);

CREATE TABLE orders (
    id                    INTEGER PRIMARY KEY,
    vendor_id             INTEGER NOT NULL REFERENCES vendors(id),
    customer_id           INTEGER NOT NULL REFERENCES customers(id),
    order_number          TEXT    NOT NULL UNIQUE,
    status                TEXT    NOT NULL DEFAULT 'unconfirmed'
                          CHECK (status IN ('unconfirmed', 'confirmed', 'delivered', 'cancelled')),
    placed_by_contact_id  INTEGER REFERENCES contacts(id),
    placed_by_name        TEXT    NOT NULL DEFAULT '',
    placed_by_phone       TEXT,
    customer_number       TEXT    NOT NULL,
    customer_name         TEXT    NOT NULL,
    delivery_address      TEXT    NOT NULL DEFAULT '',
    delivery_date         TEXT    NOT NULL,
    late_cutoff_accepted  INTEGER NOT NULL DEFAULT 0,
    standing              TEXT    NOT NULL DEFAULT 'no_incidents',
    discount_percent      TEXT    NOT NULL DEFAULT '0',
    currency              TEXT    NOT NULL,
    comment               TEXT    NOT NULL DEFAULT '',
    vendor_comment        TEXT    NOT NULL DEFAULT '',
    idempotency_key       TEXT    UNIQUE,
    created_at            TEXT    NOT NULL,
    confirmed_at          TEXT,
    confirmed_by          INTEGER,
    delivered_at          TEXT,
    cancelled_at          TEXT,
    cancelled_by          INTEGER
);
CREATE INDEX orders_vendor_created ON orders(vendor_id, created_at);
CREATE INDEX orders_customer ON orders(customer_id, created_at);

CREATE TABLE order_lines (
    id                INTEGER PRIMARY KEY,
    order_id          INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    product_id        TEXT    NOT NULL,
    product_name      TEXT    NOT NULL,
    unit              TEXT    NOT NULL,
    unit_price        TEXT    NOT NULL,
    quantity_ordered  TEXT    NOT NULL,
    quantity          TEXT    NOT NULL,
    UNIQUE (order_id, position)
);

CREATE TABLE invites (
    id          INTEGER PRIMARY KEY,
    vendor_id   INTEGER NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    token       TEXT    NOT NULL UNIQUE,
    kind        TEXT    NOT NULL CHECK (kind IN ('customer', 'team')),
    customer_id INTEGER REFERENCES customers(id) ON DELETE CASCADE,
    role        TEXT CHECK (role IS NULL OR role IN ('admin', 'rep')),
    max_uses    INTEGER,
    uses        INTEGER NOT NULL DEFAULT 0,
    expires_at  TEXT    NOT NULL,
    revoked_at  TEXT,
    created_by  INTEGER,
    created_at  TEXT    NOT NULL,
    CHECK ((kind = 'customer' AND customer_id IS NOT NULL AND role IS NULL)
        OR (kind = 'team' AND customer_id IS NULL AND role IS NOT NULL))
);

-- Messages that must reach a chat, written in the same transaction as their cause.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    kind             TEXT    NOT NULL,
    chat_id          INTEGER,
    payload          TEXT    NOT NULL,
    dedupe_key       TEXT    UNIQUE,
    status           TEXT    NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT    NOT NULL,
    last_error       TEXT,
    result           TEXT,
    created_at       TEXT    NOT NULL,
    sent_at          TEXT
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    vendor_id   INTEGER,
    actor       INTEGER,
    action      TEXT    NOT NULL,
    entity      TEXT    NOT NULL,
    entity_id   TEXT,
    details     TEXT    NOT NULL DEFAULT '{}',
    created_at  TEXT    NOT NULL
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
