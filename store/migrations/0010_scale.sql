-- A year of orders at many wholesalers stays fast (bench/scale.py measures it).
-- Products per order (lines with a quantity above 0), kept by the store, for its sort.
ALTER TABLE orders ADD COLUMN product_count INTEGER NOT NULL DEFAULT 0;
UPDATE orders SET product_count = (
    SELECT COUNT(*) FROM order_lines l
    WHERE l.order_id = orders.id AND CAST(l.quantity AS REAL) > 0
);
-- One index per filter and sort of the team's list (the rowid, the order id, ends each).
CREATE INDEX orders_vendor_status ON orders(vendor_id, status, created_at);
CREATE INDEX orders_vendor_name ON orders(vendor_id, customer_name COLLATE NOCASE, created_at);
CREATE INDEX orders_vendor_delivery ON orders(vendor_id, delivery_date);
CREATE INDEX orders_vendor_products ON orders(vendor_id, product_count);
-- Search by customer name or number, order number, product name or ID: a full-text index
-- (words, and the start of words). The text of an order never changes once placed (lines
-- are edited in quantity only), so rows are only ever added; the rowid is the order's id.
-- `vendor` holds "v<vendor id>": the index itself keeps one vendor's orders apart from the
-- others', so a search reads that vendor's matches only.
CREATE VIRTUAL TABLE order_search USING fts5(
    vendor, customer_name, customer_number, order_number, products,
    content = '', tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO order_search (rowid, vendor, customer_name, customer_number, order_number, products)
SELECT o.id, 'v' || o.vendor_id, o.customer_name, o.customer_number, o.order_number,
       (SELECT group_concat(l.product_name || ' ' || l.product_id, ' ')
        FROM order_lines l WHERE l.order_id = o.id)
FROM orders o;
