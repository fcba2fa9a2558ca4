-- Telegram may deliver an update twice (webhook retries): remember the ones handled.
CREATE TABLE processed_updates (
    update_id   BIGINT PRIMARY KEY,
    handled_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX processed_updates_at ON processed_updates(handled_at);
