-- The words a customer typed for a line (the phrase the free-text reader matched), kept from
-- the cart to the order: when the team puts another product in place of the line, the
-- vendor's phrase memory learns that these words mean that product.
ALTER TABLE cart_lines ADD COLUMN phrase TEXT;
ALTER TABLE order_lines ADD COLUMN phrase TEXT;
-- The product name as ordered, when the team replaced the line's product (NULL otherwise).
ALTER TABLE order_lines ADD COLUMN replaced_name TEXT;
