-- What an update already did: an effect that is not idempotent (adding to a quantity in the
-- cart) records "update 512, effect 1" in the transaction that makes it. When the update is
-- handled again (the process died after that commit, before the update was marked done), the
-- effect is found here and not made twice. Pruned with the inbox's handled updates.
CREATE TABLE update_effects (
    effect_key  TEXT PRIMARY KEY,           -- "<update_id>:<n>:<what>"
    done_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX update_effects_done_at ON update_effects (done_at);
