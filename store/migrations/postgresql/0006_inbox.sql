-- The durable inbox: every update is written here before Telegram is told it was received
-- (the next getUpdates offset, or the webhook's 200), then claimed with a lease, handled,
-- and marked done. Updates of one chat are handled in order; chats run side by side.
CREATE TABLE inbox (
    update_id     BIGINT PRIMARY KEY,
    chat_key      BIGINT NOT NULL,          -- the chat (or user) whose order it keeps
    payload       TEXT    NOT NULL,          -- the update as Telegram sent it (JSON)
    status        TEXT    NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'done', 'parked')),
    attempts      BIGINT NOT NULL DEFAULT 0,
    lease_owner   TEXT,
    lease_until   TIMESTAMPTZ,
    not_before    TIMESTAMPTZ    NOT NULL,          -- back-off after a failed attempt
    last_error    TEXT,
    received_at   TIMESTAMPTZ    NOT NULL,
    done_at       TIMESTAMPTZ
);
CREATE INDEX inbox_pending ON inbox(status, chat_key, update_id);
CREATE INDEX inbox_done_at ON inbox(done_at);

-- Outbox and broadcast deliveries are claimed with a lease, so several processes never send
-- the same message twice and a killed process's claims expire.
ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
ALTER TABLE outbox ADD COLUMN lease_until TIMESTAMPTZ;
ALTER TABLE broadcast_deliveries ADD COLUMN lease_owner TEXT;
ALTER TABLE broadcast_deliveries ADD COLUMN lease_until TIMESTAMPTZ;
