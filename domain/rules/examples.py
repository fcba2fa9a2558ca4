"""Examples for help texts and prompts, built from the customer's own catalogue and checked
against the parser, so an example the bot gives always works (pure)."""

from __future__ import annotations

from collections.abc import Sequence

from domain.rules.free_text import parse

Product = tuple[str, str, str]  # product_id, name, unit


def order_example(catalogue: Sequence[Product], lines: int = 2) -> str:
    """e.g. "2 laitue romaine, 3 tomates olivettes": `lines` available products with
    short names, each read back by the parser as exactly that product and quantity, and the
    whole example read back as those lines. "" when the catalogue gives none."""
    names = [(pid, name) for pid, name, _unit in catalogue]
    units = {pid: unit for pid, _name, unit in catalogue}
    chosen: list[tuple[str, int, str]] = []
    for pid, name, _unit in sorted(catalogue, key=lambda p: (len(p[1]), p[1])):
        quantity = 2 + len(chosen)
        text = f"{quantity} {name.lower()}"
        read = parse(text, names, units=units)
        if [(ln.product_id, int(ln.quantity)) for ln in read.lines] == [(pid, quantity)]:
            chosen.append((pid, quantity, text))
        if len(chosen) == lines:
            break
    if not chosen:
        return ""
    example = ", ".join(text for _pid, _q, text in chosen)
    together = parse(example, names, units=units)
    wanted = [(pid, q) for pid, q, _text in chosen]
    if [(ln.product_id, int(ln.quantity)) for ln in together.lines] != wanted:
        return chosen[0][2]
    return example


def search_example(catalogue: Sequence[Product]) -> str:
    """A word that finds a product: the first word of the shortest name."""
    if not catalogue:
        return ""
    _pid, name, _unit = min(catalogue, key=lambda p: (len(p[1]), p[1]))
    return name.split()[0].lower()


__all__ = ["order_example", "search_example"]
