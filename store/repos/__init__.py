"""Repositories, one per concern, bound together to one transaction by :class:`Tx`."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager

from store.conn import Conn
from store.repos.audit import AuditRepo
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
from store.repos.state import UserStateRepo
from store.repos.team import TeamRepo
from store.repos.topics import TopicRepo
from store.repos.vendors import VendorRepo


class Tx:
    """Every repository, sharing one connection inside one transaction."""

    def __init__(self, conn: Conn) -> None:
        self._conn = conn
        self.vendors = VendorRepo(conn)
        self.team = TeamRepo(conn)
        self.catalogs = CatalogRepo(conn)
        self.imports = ImportRepo(conn)
        self.phrases = PhraseRepo(conn)
        self.customers = CustomerRepo(conn)
        self.contacts = ContactRepo(conn)
        self.labels = LabelRepo(conn)
        self.orders = OrderRepo(conn)
        self.invites = InviteRepo(conn)
        self.outbox = OutboxRepo(conn)
        self.audit = AuditRepo(conn)
        self.carts = CartRepo(conn)
        self.state = UserStateRepo(conn)
        self.topics = TopicRepo(conn)
        self.broadcasts = BroadcastRepo(conn)
        self.inbox = InboxRepo(conn)
        self.copying = CopyRepo(conn)

    def savepoint(self) -> AbstractAsyncContextManager[None]:
        """A nested step: on error only its own statements are undone (the error goes on)."""
        return self._conn.savepoint()


__all__ = ["Tx"]
