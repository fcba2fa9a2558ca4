-- The vendor's team at work: customer topics, relayed chat, list views.

-- The forum topic of each customer in the vendor's team chat (created on first need).
CREATE TABLE customer_topics (
    customer_id  BIGINT PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
    chat_id      BIGINT NOT NULL,
    thread_id    BIGINT NOT NULL
);

-- Customer messages copied into a team chat, so a reply there finds its way back.
CREATE TABLE relayed_messages (
    chat_id           BIGINT NOT NULL,
    message_id        BIGINT NOT NULL,
    customer_id       BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    created_at        TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);

-- What a team member's order list currently shows (filters, sort, page, selection).
ALTER TABLE user_state ADD COLUMN view TEXT;
