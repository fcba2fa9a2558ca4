-- One process at a time sends a bot's broadcasts: Telegram's ~30 messages a second are per
-- bot, and two processes each pacing at 28/s would send 56 (and get 429s). The holder renews
-- its lease as it sends; a killed holder's lease runs out and another process takes over.
CREATE TABLE sender_leases (
    bot          BIGINT PRIMARY KEY,
    owner        TEXT    NOT NULL,
    lease_until  TIMESTAMPTZ    NOT NULL
);
