"""Goods named by emoji ("🍋 x20", "🥚 2 trays", "🥕 10 kg"), in English, French and Spanish:
each food emoji read as the word the customer's catalogue holds for it (domain/rules/
free_text.py reads them before other emoji become separators)."""

from __future__ import annotations

import re
from collections.abc import Callable

# each food emoji and its word in English, French and Spanish (the first the catalogue holds
# is read; none held, the English word, which the food lexicon translates)
EMOJI: dict[str, tuple[str, str, str]] = {
    "\U0001f34b\u200d\U0001f7e9": ("lime", "citron vert", "lima"),
    "\U0001f34b": ("lemon", "citron jaune", "limon"),
    "\U0001f34a": ("orange", "orange", "naranja"),
    "\U0001f34c": ("banana", "banane", "platano"),
    "\U0001f34e": ("apple", "pomme", "manzana"),
    "\U0001f34f": ("apple", "pomme", "manzana"),
    "\U0001f350": ("pear", "poire", "pera"),
    "\U0001f351": ("peach", "peche", "melocoton"),
    "\U0001f353": ("strawberry", "fraise", "fresa"),
    "\U0001f347": ("grapes", "raisin", "uva"),
    "\U0001f349": ("watermelon", "pasteque", "sandia"),
    "\U0001f348": ("melon", "melon", "melon"),
    "\U0001f34d": ("pineapple", "ananas", "pina"),
    "\U0001f96d": ("mango", "mangue", "mango"),
    "\U0001f95d": ("kiwi", "kiwi", "kiwi"),
    "\U0001f965": ("coconut", "noix de coco", "coco"),
    "\U0001f951": ("avocado", "avocat", "aguacate"),
    "\U0001f345": ("tomato", "tomate", "tomate"),
    "\U0001f955": ("carrot", "carotte", "zanahoria"),
    "\U0001f9c4": ("garlic", "ail", "ajo"),
    "\U0001f9c5": ("onion", "oignon", "cebolla"),
    "\U0001f954": ("potato", "pomme de terre", "patata"),
    "\U0001f952": ("cucumber", "concombre", "pepino"),
    "\U0001f346": ("aubergine", "aubergine", "berenjena"),
    "\U0001fad1": ("pepper", "poivron", "pimiento"),
    "\U0001f336": ("chilli", "piment", "guindilla"),
    "\U0001f344": ("mushroom", "champignon", "champinon"),
    "\U0001f96c": ("lettuce", "salade", "lechuga"),
    "\U0001f966": ("broccoli", "brocoli", "brocoli"),
    "\U0001f33d": ("corn", "mais", "maiz"),
    "\U0001f95a": ("egg", "oeuf", "huevo"),
    "\U0001f95b": ("milk", "lait", "leche"),
    "\U0001f9c8": ("butter", "beurre", "mantequilla"),
    "\U0001f9c0": ("cheese", "fromage", "queso"),
    "\U0001f357": ("chicken", "poulet", "pollo"),
    "\U0001f990": ("prawns", "crevettes", "langostino"),
    "\U0001f35a": ("rice", "riz", "arroz"),
    "\U0001f9c2": ("salt", "sel", "sal"),
    "\U0001f35e": ("bread", "pain", "pan"),
}
_EMOJI_RE = re.compile(
    "(" + "|".join(re.escape(e) for e in sorted(EMOJI, key=len, reverse=True)) + ")\ufe0f?"
)


def read_food_emoji(text: str, holds: Callable[[str], bool]) -> str:
    """The text with each food emoji as a word: the first of its words whose first word the
    catalogue holds (``holds``), else its English word."""

    def word(match: re.Match[str]) -> str:
        said = EMOJI[match.group(1)]
        return " " + next((w for w in said if holds(w.split()[0])), said[0]) + " "

    return _EMOJI_RE.sub(word, text)
