"""Customer topics in forum team chats, and customer messages relayed to team chats."""

from __future__ import annotations

from store.repos.base import Repo, now_iso


class TopicRepo(Repo):
    async def thread_of(self, customer_id: int, chat_id: int) -> int | None:
        row = await self._one(
            "SELECT thread_id FROM customer_topics WHERE customer_id = ? AND chat_id = ?",
            (customer_id, chat_id),
        )
        return int(row["thread_id"]) if row else None

    async def set_thread(self, customer_id: int, chat_id: int, thread_id: int) -> None:
        await self._exec(
            "INSERT INTO customer_topics (customer_id, chat_id, thread_id) VALUES (?, ?, ?) "
            "ON CONFLICT (customer_id) DO UPDATE SET chat_id = excluded.chat_id, "
            "thread_id = excluded.thread_id",
            (customer_id, chat_id, thread_id),
        )

    async def customer_of_thread(self, chat_id: int, thread_id: int) -> int | None:
        row = await self._one(
            "SELECT customer_id FROM customer_topics WHERE chat_id = ? AND thread_id = ?",
            (chat_id, thread_id),
        )
        return int(row["customer_id"]) if row else None

    async def remember_relay(self, chat_id: int, message_id: int, customer_id: int) -> None:
        await self._exec(
            "INSERT INTO relayed_messages (chat_id, message_id, customer_id, created_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (chat_id, message_id) DO UPDATE SET "
            "customer_id = excluded.customer_id, created_at = excluded.created_at",
            (chat_id, message_id, customer_id, now_iso()),
        )

    async def relayed_customer(self, chat_id: int, message_id: int) -> int | None:
        row = await self._one(
            "SELECT customer_id FROM relayed_messages WHERE chat_id = ? AND message_id = ?",
            (chat_id, message_id),
        )
        return int(row["customer_id"]) if row else None
