-- Broadcasts to labelled audiences, delivered one row per recipient.

CREATE TABLE broadcasts (
    id                   INTEGER PRIMARY KEY,
    vendor_id            INTEGER NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
    created_by           INTEGER NOT NULL,
    chat_id              INTEGER NOT NULL,
    audience             TEXT    NOT NULL,
    text                 TEXT    NOT NULL,
    photo_file_id        TEXT,
    status               TEXT    NOT NULL DEFAULT 'sending'
                         CHECK (status IN ('sending', 'done', 'cancelled')),
    progress_message_id  INTEGER,
    created_at           TEXT    NOT NULL,
    finished_at          TEXT
);

CREATE TABLE broadcast_deliveries (
    broadcast_id      INTEGER NOT NULL REFERENCES broadcasts(id) ON DELETE CASCADE,
    contact_id        INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    telegram_user_id  INTEGER NOT NULL,
    language          TEXT,
    status            TEXT    NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'unreachable',
                                        'cancelled')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at   TEXT    NOT NULL,
    sent_at           TEXT,
    error             TEXT,
    PRIMARY KEY (broadcast_id, contact_id)
);
CREATE INDEX broadcast_deliveries_due ON broadcast_deliveries(status, next_attempt_at);
