-- What a vendor's customers meant: when a customer picks a product among the clarification
-- buttons, the words they typed ("milk") are remembered for that vendor, and match that
-- product at once next time (domain/rules/free_text.py reads them first).
CREATE TABLE phrase_memory (
    vendor_id   BIGINT NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    phrase      TEXT    NOT NULL,            -- the product words, as the parser reads them
    product_id  TEXT    NOT NULL,
    uses        BIGINT NOT NULL DEFAULT 1,
    updated_at  TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (vendor_id, phrase)
);
