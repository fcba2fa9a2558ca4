-- One deployment, many bots: a vendor may bring its own bot (a token from @BotFather), so its
-- customers talk to a bot with the wholesaler's own name. `bot` is that bot's Telegram id;
-- 0 (or NULL on a vendor) is the deployment's shared bot. Updates, outbox messages and so
-- broadcasts belong to one bot: each bot has its own inbox order and its own rate limits.
CREATE TABLE bots (
    telegram_id  BIGINT PRIMARY KEY,
    token        TEXT    NOT NULL UNIQUE,
    username     TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
ALTER TABLE vendors ADD COLUMN bot BIGINT REFERENCES bots(telegram_id);

-- Update ids are unique per bot only: the inbox is keyed by (bot, update_id).
ALTER TABLE inbox ADD COLUMN bot BIGINT NOT NULL DEFAULT 0;
ALTER TABLE inbox DROP CONSTRAINT inbox_pkey;
ALTER TABLE inbox ADD PRIMARY KEY (bot, update_id);
DROP INDEX inbox_pending;
CREATE INDEX inbox_pending ON inbox(bot, status, chat_key, update_id);

ALTER TABLE outbox ADD COLUMN bot BIGINT NOT NULL DEFAULT 0;
CREATE INDEX outbox_bot_due ON outbox(bot, status, next_attempt_at);
