"""Fill French and Spanish translations into bot/locale from a JSON file.

Usage: ``python tools/translate.py translations.json`` where the file maps each English
message to ``[french, spanish]``.  Run ``python -m bot.i18n`` first to add new messages.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).resolve().parents[1] / "bot" / "locale"


def main(path: str) -> None:
    data: dict[str, list[str]] = json.loads(Path(path).read_text("utf-8"))
    for index, language in enumerate(("fr", "es")):
        po = LOCALE / language / "LC_MESSAGES" / "messages.po"
        with po.open("rb") as fp:
            catalog = read_po(fp, locale=language)
        catalog.fuzzy = False
        for msgid, pair in data.items():
            if msgid in catalog:
                catalog[msgid].string = pair[index]
            else:
                catalog.add(msgid, pair[index])
        with po.open("wb") as fp:
            write_po(fp, catalog, width=100, sort_output=True)


if __name__ == "__main__":
    main(sys.argv[1])
