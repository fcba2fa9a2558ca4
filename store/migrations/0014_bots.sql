-- One deployment, many bots: a vendor may bring its own bot (a token from @BotFather), so its
-- customers talk to a bot with the wholesaler's own name. `bot` is that bot's Telegram id;
-- 0 (or NULL on a vendor) is the deployment's shared bot. Updates, outbox messages and so
-- broadcasts belong to one bot: each bot has its own inbox order and its own rate limits.
CREATE TABLE bots (
    telegram_id  INTEGER PRIMARY KEY,
    token        TEXT    NOT NULL UNIQUE,
    username     TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    created_at   TEXT    NOT NULL
);
ALTER TABLE vendors ADD COLUMN bot INTEGER REFERENCES bots(telegram_id);

-- Update ids are unique per bot only: the inbox is keyed by (bot, update_id).
CREATE TABLE inbox_by_bot (
    update_id     INTEGER NOT NULL,
    chat_key      INTEGER NOT NULL,
    payload       TEXT    NOT NULL,
    status        TEXT    NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'done', 'parked')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    lease_owner   TEXT,
    lease_until   TEXT,
    not_before    TEXT    NOT NULL,
    last_error    TEXT,
    received_at   TEXT    NOT NULL,
    done_at       TEXT,
    bot           INTEGER NOT NULL DEFAULT 0,  -- last, as PostgreSQL's ADD COLUMN puts it
    PRIMARY KEY (bot, update_id)
);
INSERT INTO inbox_by_bot (bot, update_id, chat_key, payload, status, attempts, lease_owner,
    lease_until, not_before, last_error, received_at, done_at)
SELECT 0, update_id, chat_key, payload, status, attempts, lease_owner, lease_until, not_before,
    last_error, received_at, done_at FROM inbox;
DROP TABLE inbox;
ALTER TABLE inbox_by_bot RENAME TO inbox;
CREATE INDEX inbox_pending ON inbox(bot, status, chat_key, update_id);
CREATE INDEX inbox_done_at ON inbox(done_at);

ALTER TABLE outbox ADD COLUMN bot INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_bot_due ON outbox(bot, status, next_attempt_at);
