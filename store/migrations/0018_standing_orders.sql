-- Standing orders (issue 18): a customer's recurring order on chosen delivery days. Some
-- hours before each cutoff (`standing_notice_hours`, a vendor setting) the customer is told
-- and may skip, edit or place it now; shortly before the cutoff it is placed as a normal
-- unconfirmed order marked with its standing order.
ALTER TABLE vendors ADD COLUMN standing_notice_hours INTEGER NOT NULL DEFAULT 4;
CREATE TABLE standing_orders (
    id           INTEGER PRIMARY KEY,
    vendor_id    INTEGER NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    customer_id  INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    contact_id   INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    weekdays     TEXT    NOT NULL,               -- "tue,fri"
    comment      TEXT    NOT NULL DEFAULT '',
    status       TEXT    NOT NULL DEFAULT 'active',  -- active | paused | ended
    created_by   INTEGER NOT NULL,               -- the Telegram user who set it up
    created_at   TEXT    NOT NULL,
    changed_at   TEXT    NOT NULL
);
CREATE INDEX standing_orders_vendor ON standing_orders (vendor_id, status);
CREATE INDEX standing_orders_customer ON standing_orders (customer_id);
CREATE TABLE standing_order_lines (
    standing_order_id  INTEGER NOT NULL REFERENCES standing_orders(id) ON DELETE CASCADE,
    position           INTEGER NOT NULL,
    product_id         TEXT    NOT NULL,         -- the catalogue's product ID
    product_name       TEXT    NOT NULL,
    quantity           TEXT    NOT NULL,
    PRIMARY KEY (standing_order_id, position)
);
-- One row per standing order and delivery day: the notice and the order are made once,
-- whatever the number of processes or restarts.
CREATE TABLE standing_occurrences (
    standing_order_id  INTEGER NOT NULL REFERENCES standing_orders(id) ON DELETE CASCADE,
    delivery_date      TEXT    NOT NULL,
    status             TEXT    NOT NULL,  -- noticed | skipped | editing | placed | not_placed
    reason             TEXT    NOT NULL DEFAULT '',
    order_id           INTEGER REFERENCES orders(id) ON DELETE SET NULL,
    noticed_at         TEXT    NOT NULL,
    done_at            TEXT,
    PRIMARY KEY (standing_order_id, delivery_date)
);
ALTER TABLE orders ADD COLUMN standing_order_id INTEGER;
