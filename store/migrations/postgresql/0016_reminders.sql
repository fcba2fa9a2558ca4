-- Cutoff reminders (issue 18): a customer who usually orders for a delivery day and has not
-- yet, `reminder_hours` before its cutoff, is reminded once (0: the vendor sends none).
ALTER TABLE vendors ADD COLUMN reminder_hours BIGINT NOT NULL DEFAULT 2;
ALTER TABLE contacts ADD COLUMN reminders_muted BIGINT NOT NULL DEFAULT 0;
-- One row per customer and delivery day: the reminder is sent once, whatever the number of
-- processes or restarts; the team reads who was reminded and who ordered after.
CREATE TABLE cutoff_reminders (
    customer_id    BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    delivery_date  DATE   NOT NULL,
    reminded_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (customer_id, delivery_date)
);
