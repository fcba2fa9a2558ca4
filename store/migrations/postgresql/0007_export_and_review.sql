-- The ERP export names each order's payment method. It is copied from the customer when the
-- order is placed (as the name and address are), so a later change does not rewrite history.
ALTER TABLE orders ADD COLUMN payment_method TEXT NOT NULL DEFAULT 'on_delivery'
    CHECK (payment_method IN ('on_delivery', 'credit', 'sepa_direct_debit'));
UPDATE orders SET payment_method = (
    SELECT c.payment_method FROM customers c WHERE c.id = orders.customer_id
) WHERE EXISTS (SELECT 1 FROM customers c WHERE c.id = orders.customer_id);

-- What the customer saw on the review screen (JSON: net prices, availability, discount,
-- minimum, total). "Place order" compares it with the terms of that moment and, when any of
-- them changed, shows the new review with the differences instead of placing.
ALTER TABLE carts ADD COLUMN reviewed TEXT;
