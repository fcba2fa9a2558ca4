-- A catalogue file is previewed before anything changes: the parsed rows wait here until
-- the admin applies or cancels them. Applying keeps the products as they were (snapshot,
-- JSON) so the latest import can be undone for a while.
CREATE TABLE catalog_imports (
    id                    INTEGER PRIMARY KEY,
    vendor_id             INTEGER NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    actor                 INTEGER NOT NULL,          -- the admin's Telegram user id
    file_name             TEXT    NOT NULL,
    parsed                TEXT    NOT NULL,          -- ParsedCatalog.to_json()
    status                TEXT    NOT NULL DEFAULT 'pending'
                          CHECK (status IN ('pending', 'applied', 'cancelled', 'undone')),
    unlisted_unavailable  INTEGER NOT NULL DEFAULT 0,
    snapshot              TEXT,                      -- the products before it was applied
    created_at            TEXT    NOT NULL,
    applied_at            TEXT,
    undone_at             TEXT
);
CREATE INDEX catalog_imports_vendor ON catalog_imports(vendor_id, status, applied_at);
