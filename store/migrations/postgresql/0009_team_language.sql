-- Each team member reads private cards and screens in their own Telegram language (kept
-- when they join), falling back to the vendor's. Group cards use the vendor's language.
ALTER TABLE team_members ADD COLUMN language TEXT;
-- Who receives the cards of customers assigned to a rep: 'group' (the team chat, everyone
-- in it sees every card) or 'private' (the assigned rep and the admins, privately; the
-- team chat keeps the cards of customers without a rep).
ALTER TABLE vendors ADD COLUMN rep_cards TEXT NOT NULL DEFAULT 'group'
    CHECK (rep_cards IN ('group', 'private'));
