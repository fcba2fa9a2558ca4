-- The day's pick list sent to the admins at the vendor's last cutoff (issue 18), when the
-- vendor turns it on (off by default); once per vendor and delivery day.
ALTER TABLE vendors ADD COLUMN picklist_at_cutoff BIGINT NOT NULL DEFAULT 0;
CREATE TABLE sent_pick_lists (
    vendor_id      BIGINT NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    delivery_date  DATE   NOT NULL,
    sent_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (vendor_id, delivery_date)
);
