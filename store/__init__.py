"""Comanda's store: every SQL statement, the schema and its migrations.

Open it with :func:`store.db.open_store`; work inside ``async with store.tx() as tx:``,
where ``tx`` carries one repository per concern bound to the same transaction.
"""

from store.db import Store, open_store

__all__ = ["Store", "open_store"]
