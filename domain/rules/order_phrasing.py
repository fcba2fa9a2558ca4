"""How a message is written, read before it is split into items: "one and a half" and "1 kg
et demi" as numbers, "20%" and "24 mois" as what the product is (never how many), names of
several words that mean another ("sin hueso", "lait d'avoine"), and shorthand written with a
slash ("s/s milk"). Each is a small function on normalized text, used on messages and, where it
says so, on catalogue names (domain/rules/free_text.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from domain.rules.order_words import DOZEN, NUMBER_WORDS, PACKAGING, PHRASES, VOLUME, WEIGHT

_Trie = dict[str, "_Trie"]  # a letter, and the words' letters after it ("": a word ends)


def literal_alternation(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words`` (the longest that fits), written as a
    tree of their letters so that each place in a text is tried once, not once per word."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


# "20%" is a property of the product (fat, strength), never how many: it becomes a code
_PERCENT_RE = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")
# shorthand written with a slash, which otherwise separates items
_SLASHED = {
    "s/s": " semi skimmed ",
    "s/r": " self raising ",
    "semi/skimmed": " semi skimmed ",
    "w/o": " without ",
    "w/": " with ",
}

_HALF_WORDS = r"(?:and\s+a\s+half|et\s+demie?|y\s+medi[oa])"
_COUNT = r"(\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_MEASURE = (
    r"(" + "|".join(sorted({*WEIGHT, *VOLUME, *DOZEN, *PACKAGING}, key=len, reverse=True)) + r")"
)
# "one and a half kg", "2 and a half": the half follows the number
_HALF_AFTER_NUMBER_RE = re.compile(rf"\b{_COUNT}\s+and\s+a\s+half\b")
# "1 kg et demi", "un kilo y medio", "kilo y medio", "a dozen and a half": after the unit
_HALF_AFTER_UNIT_RE = re.compile(rf"(?:\b{_COUNT}\s+)?\b{_MEASURE}\s+{_HALF_WORDS}(?![\w-])")


def _count(word: str | None) -> int:
    if word is None:
        return 1
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def read_halves(text: str) -> str:
    """ "one and a half kg", "1 kg et demi", "kilo y medio", "docena y media": the number
    and a half, written as one number ("1.5 kg", "1.5 docena"), in normalized text."""
    if "half" not in text and "demi" not in text and "medi" not in text:
        return text  # most messages: no regular expression to run
    text = _HALF_AFTER_NUMBER_RE.sub(lambda m: f"{_count(m.group(1))}.5", text)
    return _HALF_AFTER_UNIT_RE.sub(lambda m: f"{_count(m.group(1))}.5 {m.group(2)}", text)


# "1/2 kg", "1 1/2 kg", "3/4", "½" (NFKD writes it 1⁄2): a fraction, before a slash can
# separate two items; only halves and quarters (not "24/12", a date)
_FRACTION_RE = re.compile(r"(?<![\d/.,])(?:(\d+)\s+)?([1-3])\s*[/\u2044]\s*([24])(?![\d/])")


def read_fractions(text: str) -> str:
    """ "1/2 kg de rúcula", "1 1/2 kg", "½ kilo": the fraction as a decimal number."""
    if "/" not in text and "\u2044" not in text:
        return text
    return _FRACTION_RE.sub(_fraction, text)


def _fraction(match: re.Match[str]) -> str:
    whole, top, bottom = match.group(1), int(match.group(2)), int(match.group(3))
    if top >= bottom:
        return match.group(0)
    value = (int(whole) if whole else 0) + top / bottom
    return f"{value:.2f}".rstrip("0").rstrip(".")


# "1kg500", "2 kg 250", "1 kilo 200 g": kilos then grams, as a scale prints a weight
_KILOS_AND_GRAMS_RE = re.compile(
    r"(?<![\d.,])(\d+)\s?(?:kg|kgs|kilo|kilos)\s?(\d{3})(?:\s?(?:g|gr|grs|grammes?|gramos?)\b)?"
    r"(?![\d.,]|\s?[a-z]*\d|\s?(?:kg|kilos?|l|cl|ml|x)\b)"
)


_KILOS_THEN_DIGITS_RE = re.compile(r"k(?:gs?|ilos?)\s?\d\d\d")


def read_kilos_and_grams(text: str) -> str:
    """ "1kg500 de comté": one weight, 1.5 kg, in normalized text."""
    if not _KILOS_THEN_DIGITS_RE.search(text):
        return text  # most messages: a quick look finds no such weight
    return _KILOS_AND_GRAMS_RE.sub(lambda m: f"{m.group(1)}.{m.group(2)} kg", text)


_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
    "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
    "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70,
    "ochenta": 80, "noventa": 90,
}  # fmt: skip
# one to nine, in the three languages ("a" and "an" count one only on their own)
_UNITS = {word: n for word, n in NUMBER_WORDS.items() if n < 10 and word not in ("a", "an")}
_ONE_WORD = {
    "dix-sept": 17, "dix-huit": 18, "dix-neuf": 19,
    "veintiuno": 21, "veintiuna": 21, "veintidos": 22, "veintitres": 23, "veinticuatro": 24,
    "veinticinco": 25, "veintiseis": 26, "veintisiete": 27, "veintiocho": 28, "veintinueve": 29,
}  # fmt: skip
# "twenty-five", "forty two", "vingt-cinq", "vingt et un", "treinta y dos", "veinticinco"
_NUMBER_WORDS_RE = re.compile(
    r"\b(?:(" + literal_alternation(_ONE_WORD) + r")|(" + literal_alternation(_TENS) + r")"
    r"(?:(?:-|\s+(?:et\s+|y\s+)?)(" + literal_alternation(_UNITS) + r"))?)\b"
)


_NUMBER_WORD_STARTS = (*_TENS, "veinti", "dix-")


def read_number_words(text: str) -> str:
    """ "twenty-five lemons", "vingt et un", "treinta y dos", "veinticinco": a number past
    twenty (or "dix-huit"), written as digits, in normalized text."""
    if not any(word in text for word in _NUMBER_WORD_STARTS):
        return text  # most messages: no such number (a quick look for its start)
    return _NUMBER_WORDS_RE.sub(_number_word, text)


def _number_word(match: re.Match[str]) -> str:
    if match.group(1):
        return str(_ONE_WORD[match.group(1)])
    unit = match.group(3)
    return str(_TENS[match.group(2)] + (_UNITS[unit] if unit else 0))


# "five hundred", "deux cent cinquante", "quinientos", "doscientas cincuenta", "cien": the
# hundreds, after the numbers past twenty are digits ("per cent", "pour cent" and "por ciento"
# say a share, not a number)
_HUNDRED_WORDS = {
    "doscientos": 200, "doscientas": 200, "trescientos": 300, "trescientas": 300,
    "cuatrocientos": 400, "cuatrocientas": 400, "quinientos": 500, "quinientas": 500,
    "seiscientos": 600, "seiscientas": 600, "setecientos": 700, "setecientas": 700,
    "ochocientos": 800, "ochocientas": 800, "novecientos": 900, "novecientas": 900,
    "cien": 100, "ciento": 100,
}  # fmt: skip
_BELOW_A_HUNDRED = {w: n for w, n in NUMBER_WORDS.items() if 0 < n < 20 and w not in ("a", "an")}
_HUNDREDS_RE = re.compile(
    r"(?<!\bper )(?<!\bpour )(?<!\bpor )(?<!\d )\b(?:"
    r"(?:(" + literal_alternation(_UNITS) + r"|a|one)\s+)?(hundred|cents?)"
    r"|(" + literal_alternation(_HUNDRED_WORDS) + r"))"
    r"(?:\s+(?:and\s+|et\s+|y\s+)?(\d{1,2}|" + literal_alternation(_BELOW_A_HUNDRED) + r"))?\b"
)
_HUNDRED_LOOK = ("hundred", "cent", "cien", "ientos", "ientas")


def read_hundreds(text: str) -> str:
    """ "five hundred grams", "cinq cents grammes", "quinientos gramos", "two hundred and
    fifty": hundreds written as digits (numbers past twenty already are)."""
    if not any(word in text for word in _HUNDRED_LOOK):
        return text  # most messages: no hundred
    return _HUNDREDS_RE.sub(_hundreds, text)


def _hundreds(match: re.Match[str]) -> str:
    if match.group(3):
        value = _HUNDRED_WORDS[match.group(3)]
    else:
        times = match.group(1)
        if match.group(2) == "cents" and not times:
            return match.group(0)  # "cents" has a number before it ("deux cents")
        value = 100 * (_UNITS.get(times, 1) if times else 1)
    rest = match.group(4)
    if rest:
        value += int(rest) if rest.isdigit() else _BELOW_A_HUNDRED[rest]
    return str(value)


# "two point five kilos", "deux virgule cinq", "dos coma cinco": a decimal said aloud
_SAID_DECIMAL_RE = re.compile(
    r"\b(\d+|" + literal_alternation(_UNITS) + r")\s+(?:point|virgule|coma)\s+"
    r"(\d|" + literal_alternation(_UNITS) + r")\b"
)


def read_said_decimals(text: str) -> str:
    """ "two point five kilos of salmon": 2.5."""
    if " point " not in text and " virgule " not in text and " coma " not in text:
        return text
    return _SAID_DECIMAL_RE.sub(lambda m: f"{_digits(m.group(1))}.{_digits(m.group(2))}", text)


# "deux kilos cinq de saumon", "un kilo deux de comté": kilos and tenths, as said in French
# (the expression starts with its literal, so a message is searched quickly)
_TENTHS_RE = re.compile(r"kilos?\s+(" + literal_alternation(_UNITS) + r")\s+(?=de\b|d')")
_KILOS_BEFORE_RE = re.compile(r"(?:^|\s)(\d+|" + literal_alternation(_UNITS) + r")\s+$")


def read_kilos_and_tenths(text: str) -> str:
    """ "deux kilos cinq de pavé de saumon": 2.5 kg."""
    out: list[str] = []
    at = 0
    for match in _TENTHS_RE.finditer(text):
        kilos = _KILOS_BEFORE_RE.search(text, max(at, match.start() - 12), match.start())
        if kilos is None:
            continue
        out.append(text[at : kilos.start(1)])
        out.append(f"{_digits(kilos.group(1))}.{_digits(match.group(1))} kg ")
        at = match.end()
    return "".join(out) + text[at:] if out else text


def _digits(word: str) -> str:
    return word if word.isdigit() else str(_UNITS[word])


_AMOUNT = r"\d+(?:[.,]\d{1,2})?"
_CURRENCY_WORDS = r"(?:euros?|eur|quid|gbp|dollars?|usd)"  # not "pounds": a weight too
# what a price is a price of: "/kg", "per kg", "el kilo", "le kg", "each", "la pièce"
_PRICED_UNIT = (
    r"(?:kg|kgs|kilo|kilos|g|l|litre|litres|liter|litro|piece|pc|pcs|unit|unite|unidad|ud|u"
    r"|pieza|box|case|bag|sack|bottle|tray|bunch|botte|manojo|plateau|caja|saco|sac)"
)
_PER = (
    rf"(?:\s*(?:/|\bper\b|\ble\b|\bla\b|\bel\b|\bthe\b|\ba\b|\bl')\s*{_PRICED_UNIT}\b"
    r"|\s+(?:each|chacun|chacune|cada\s+un[oa]|the\s+lot)\b)?"
)
# "@ £2.10/kg", "£3 each", "à 2,10 €", "a 18,50 € el kilo", "2 euros": what the goods cost
_PRICE_RE = re.compile(
    rf"(?:(?:\bat|\ba|\bfor|\bpour|\bpor)\s+)?"
    rf"(?:[£$€]\s*{_AMOUNT}|{_AMOUNT}\s*(?:[£$€]|{_CURRENCY_WORDS}\b)|@\s*{_AMOUNT}){_PER}"
)

_CURRENCY_WORD_RE = re.compile(r"eur|quid|gbp|dollar|usd")


def _priced(text: str) -> bool:
    """A quick look: a currency sign, or a currency word after a number ("beurre" is none)."""
    if any(sign in text for sign in "£$€@"):
        return True
    for match in _CURRENCY_WORD_RE.finditer(text):
        before = text[max(0, match.start() - 2) : match.start()].rstrip()
        if before and before[-1].isdigit():
            return True
    return False


def drop_prices(text: str) -> str:
    """ "plum tomatoes 5kg @ £2.10", "tomates 5 kg à 2,10 €": a number with its currency, or
    after "@", is what the goods cost (with what it is the price of: "/kg", "el kilo",
    "each"), never how many; it goes, in normalized text, and what follows is read apart
    ("2 sacs de basmati à 8,50 € c'est bien ça ?")."""
    if not _priced(text):
        return text  # most messages: no price to look for
    return _PRICE_RE.sub(" , ", text)


# "12/12", "24/12/2026", "5/1": a day and a month; halves and quarters were read before
# (read_fractions), and what both of whose numbers are under 5 ("2/3") is left as written
_DATE_RE = re.compile(r"(?<![\d/.,])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/.,]?\d)")


def drop_dates(text: str) -> str:
    """ "for Fri 12/12 pls: 3 sacks", "pour le 24/12/2026": a date is no quantity."""
    if "/" not in text:
        return text
    return _DATE_RE.sub(_date, text)


def _date(match: re.Match[str]) -> str:
    first, second = int(match.group(1)), int(match.group(2))
    plausible = (1 <= first <= 31 and 1 <= second <= 12) or (1 <= first <= 12 <= second <= 31)
    if plausible and (match.group(3) or max(first, second) >= 5):
        return " "
    return match.group(0)


def mark_percentages(text: str) -> str:
    """ "beef mince 20% - 10kg": the 20 is the fat, not the quantity (it reads as "20pct",
    a code, the same way on the catalogue's side)."""
    if "%" not in text:
        return text
    return _PERCENT_RE.sub(lambda m: f"{m.group(1)}pct", text)


# "24 months", "18 mois", "24 meses": how long a cheese or ham was aged, never how many
_AGE_RE = re.compile(
    r"\b(\d{1,3})\s*(months?|mois|meses|years?|ans|anos|weeks?|semaines?|semanas|days?|jours|dias)\b"
)
_AGE_UNITS = {
    "mo": "months month mois meses",
    "yr": "years year ans anos",
    "wk": "weeks week semaines semaine semanas",
    "dy": "days day jours dias",
}
_AGE = {word: short for short, words in _AGE_UNITS.items() for word in words.split()}


def mark_ages(text: str) -> str:
    """ "parmesan 24 mois 1 kg": the 24 is the cheese's age, not the quantity (it reads as
    "24mo", a code, the same way on the catalogue's side)."""
    if not any(c.isdigit() for c in text):
        return text
    return _AGE_RE.sub(lambda m: f"{m.group(1)}{_AGE[m.group(2)]}", text)


_SLASHED_RE = re.compile(
    "(?<![a-z])(" + "|".join(re.escape(short) for short in sorted(_SLASHED, key=len)[::-1]) + ")"
)


def expand_slashes(text: str) -> str:
    """Trade shorthand written with a slash ("s/s milk": semi-skimmed), before a slash can
    separate two items."""
    if "/" not in text:
        return text
    return _SLASHED_RE.sub(lambda m: _SLASHED[m.group(1)], text)


_PHRASES_RE = re.compile(r"\b(" + literal_alternation(PHRASES) + r")\b")


def read_phrases(text: str, *, keep: bool = False) -> str:
    """A name of several words that means another ("sin hueso": deshuesado, "green onions":
    spring onions), written as that one, in normalized text; ``keep``: as both (a
    catalogue's own words stay its words: "Oat milk" is still a milk)."""
    if keep:
        return _PHRASES_RE.sub(lambda m: f"{m.group(1)} {PHRASES[m.group(1)]}", text)
    return _PHRASES_RE.sub(lambda m: PHRASES[m.group(1)], text)


# "romaine - 2 cases", "dos de cabillaud - 4 kg": a dash before a quantity that ends the item
# joins it to its goods (a dash elsewhere separates two items; one that starts a line is a
# bullet, and the words after it are not the line before's unit)
_DASHED_QUANTITY_RE = re.compile(
    r"(?<=[^\W\d_])[ \t]+[-\u2013\u2014][ \t]+"
    r"(?=(?:x[ \t]*)?\d+(?:[.,]\d+)?[ \t]*[a-z]{0,10}[ \t]*(?:$|[,;\n.!?]))"
)


def join_dashed_quantities(text: str) -> str:
    """ "garlic - 1kg": the goods and their quantity, one item."""
    if not any(dash in text for dash in (" -", " \u2013", " \u2014", "\t")):
        return text  # most messages: no dash after a space (a tab may come before one)
    return _DASHED_QUANTITY_RE.sub(" ", text)


# "courgettes and aubergines, 3kg of each": the shared quantity said last, after a comma
_EACH_LAST_RE = re.compile(
    r"^(?P<goods>[^\d\n]*[^\W\d_][^\d\n]*?)\s*[,:;-]\s*"
    r"(?P<quantity>\d+(?:[.,]\d+)?\s*[a-z]{0,10})\s+"
    r"(?P<each>of\s+each|each|de\s+chaque|chacun|chacune|de\s+cada(?:\s+un[oa])?|cada\s+un[oa])"
    r"\s*[.!]*\s*$",
    re.MULTILINE,
)


def each_said_first(text: str) -> str:
    """ "courgettes and aubergines, 3kg of each" as "3kg of each: courgettes and aubergines",
    the way "3kg each of red onions, carrots and courgettes" is read (the goods said first,
    a separator between, went each to an item of its own)."""
    if "each" not in text and "chaque" not in text and "cada" not in text and "chacun" not in text:
        return text
    return _EACH_LAST_RE.sub(r"\g<quantity> \g<each>: \g<goods>", text)


# "3 bot. de nata", "2 doc. de huevos", "4 plaq. de beurre": a unit shortened with a full stop,
# its goods after it; the stop is no sentence's end
_SHORTENED_UNIT_RE = re.compile(
    r"(?<=\d)(\s?(?:" + literal_alternation([*PACKAGING, *DOZEN, *WEIGHT, *VOLUME]) + r"))\."
    r"(?=[ \t]+(?:de|d'|du|des|of)\b)"
)


def join_shortened_units(text: str) -> str:
    """ "3 bot. de nata para montar": the count, its unit and its goods, one item."""
    if ". d" not in text and ". o" not in text:
        return text  # most messages: no full stop before "de" or "of"
    return _SHORTENED_UNIT_RE.sub(r"\1", text)


# "bananas 3kg + 2kg", "lemons 10 + 10", "limón 2 + 2 kg": a sum ending the item is one
# quantity (the text's own arithmetic); "3kg + 2" (which unit?) and "2 + 3 carrots" are not
_SUM_RE = re.compile(
    r"(?<![\d.,])(\d+(?:[.,]\d+)?)[ \t]?(kg|g|l|ml|cl)?[ \t]*\+[ \t]*(\d+(?:[.,]\d+)?)[ \t]?"
    r"(kg|g|l|ml|cl)?(?=[ \t]*(?:$|[,;\n.!]))",
    re.MULTILINE,
)


def add_sums(text: str) -> str:
    """ "bananas 3kg + 2kg": 5kg."""
    if "+" not in text:
        return text
    return _SUM_RE.sub(_sum, text)


def _sum(match: re.Match[str]) -> str:
    first, first_unit, second, second_unit = match.groups()
    if first_unit is not None and first_unit != second_unit:
        return match.group(0)
    total = Decimal(first.replace(",", ".")) + Decimal(second.replace(",", "."))
    return f"{total.normalize():f}{second_unit or ''}"
