"""Repositories, one per concern, bound together to one transaction by :class:`Tx`."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager

from store.conn import Conn
from store.repos.audit import AuditRepo
from store.repos.bots import BotRepo
from store.repos.broadcasts import BroadcastRepo
from store.repos.carts import CartRepo
from store.repos.catalogs import CatalogRepo
from store.repos.contacts import ContactRepo
from store.repos.copying import CopyRepo
from store.repos.customers import CustomerRepo
from store.repos.imports import ImportRepo
from store.repos.inbox import InboxRepo
from store.repos.invites import InviteRepo
from store.repos.labels import LabelRepo
from store.repos.orders import OrderRepo
from store.repos.outbox import OutboxRepo
from store.repos.phrases import PhraseRepo
from store.repos.reminders import ReminderRepo
from store.repos.standing_orders import StandingOrderRepo
from store.repos.state import UserStateRepo
from store.repos.team import TeamRepo
from store.repos.topics import TopicRepo
from store.repos.vendors import VendorRepo


class Tx:
    """Every repository, sharing one connection inside one transaction."""

    def __init__(self, conn: Conn, bot: int = 0) -> None:
        self._conn = conn
        self.bot = bot  # the bot this transaction serves (0: the shared bot; see Repo)
        self._scoped: dict[int, Tx] = {}
        self.vendors = VendorRepo(conn, bot)
        self.team = TeamRepo(conn, bot)
        self.catalogs = CatalogRepo(conn, bot)
        self.imports = ImportRepo(conn, bot)
        self.phrases = PhraseRepo(conn, bot)
        self.customers = CustomerRepo(conn, bot)
        self.contacts = ContactRepo(conn, bot)
        self.labels = LabelRepo(conn, bot)
        self.orders = OrderRepo(conn, bot)
        self.invites = InviteRepo(conn, bot)
        self.outbox = OutboxRepo(conn, bot)
        self.audit = AuditRepo(conn, bot)
        self.carts = CartRepo(conn, bot)
        self.state = UserStateRepo(conn, bot)
        self.topics = TopicRepo(conn, bot)
        self.broadcasts = BroadcastRepo(conn, bot)
        self.inbox = InboxRepo(conn, bot)
        self.copying = CopyRepo(conn, bot)
        self.bots = BotRepo(conn, bot)
        self.reminders = ReminderRepo(conn, bot)
        self.standing_orders = StandingOrderRepo(conn, bot)

    def for_bot(self, bot: int) -> Tx:
        """The same transaction, serving another bot (kept: one per bot and connection)."""
        if bot == self.bot:
            return self
        if bot not in self._scoped:
            self._scoped[bot] = Tx(self._conn, bot)
        return self._scoped[bot]

    def savepoint(self) -> AbstractAsyncContextManager[None]:
        """A nested step: on error only its own statements are undone (the error goes on)."""
        return self._conn.savepoint()


__all__ = ["Tx"]
