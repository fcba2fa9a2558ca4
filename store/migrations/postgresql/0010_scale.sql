-- A year of orders at many wholesalers stays fast (bench/scale.py measures it): the same
-- columns and indexes as SQLite's 0010_scale.sql; the search index is a tsvector instead of
-- an FTS5 table (store/repos/orders.py folds accents and splits words before writing it).
ALTER TABLE orders ADD COLUMN product_count BIGINT NOT NULL DEFAULT 0;
UPDATE orders SET product_count = (
    SELECT COUNT(*) FROM order_lines l WHERE l.order_id = orders.id AND l.quantity > 0
);
CREATE INDEX orders_vendor_status ON orders(vendor_id, status, created_at);
CREATE INDEX orders_vendor_name ON orders(vendor_id, lower(customer_name), created_at);
CREATE INDEX orders_vendor_delivery ON orders(vendor_id, delivery_date);
CREATE INDEX orders_vendor_products ON orders(vendor_id, product_count);
-- One row per order (rowid is the order's id); "v<vendor id>" keeps each vendor's apart.
CREATE TABLE order_search (
    rowid     BIGINT PRIMARY KEY REFERENCES orders(id) ON DELETE CASCADE,
    vendor    TEXT     NOT NULL,
    document  TSVECTOR NOT NULL
);
CREATE INDEX order_search_document ON order_search USING GIN (document);
CREATE INDEX order_search_vendor ON order_search(vendor);
INSERT INTO order_search (rowid, vendor, document)
SELECT o.id, 'v' || o.vendor_id,
       to_tsvector('simple', lower(o.customer_name || ' ' || o.customer_number || ' ' ||
           o.order_number || ' ' || coalesce((SELECT string_agg(l.product_name || ' ' ||
           l.product_id, ' ') FROM order_lines l WHERE l.order_id = o.id), '')))
FROM orders o;
