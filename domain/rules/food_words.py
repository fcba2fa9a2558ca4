"""The food lexicon of free-text orders: the same food in English, French and Spanish, one
word each, written as messages are read (lower case, no accents), so a cook in Paris may write
"3kg carrots" and one in Madrid "2 trays of strawberries"; the trade's shorthand ("evoo",
"toms"); and the names regions give the same produce ("zucchini", "courgette", "calabacín").
The words of a group read as one another, a little less than the word itself, a translation
less than a regional name, so a catalogue that holds the very words wins (:func:`synonyms`,
:func:`translations`). A word left out is one that means two things in these kitchens ("pera"
is a pear and the plum tomato, "dos" a cod loin and two, "blanc" white and a chicken breast)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz, process

from domain.rules.order_text import stem

TRANSLATIONS = (
    # vegetables
    "carrot carotte zanahoria",
    "garlic ail ajo",
    "onion oignon cebolla",
    "shallot echalote chalota",
    "leek poireau puerro",
    "tomato tomate",
    "potato patata",
    "lettuce salade lechuga",
    "rocket roquette rucula",
    "mushroom champignon champinon",
    "pepper poivron pimiento",
    "cucumber concombre pepino",
    "spinach epinard espinaca",
    "cabbage chou col",
    "broccoli brocoli",
    "celery celeri apio",
    "beetroot betterave remolacha",
    "radish radis rabano",
    "asparagus asperge esparrago",
    "artichoke artichaut alcachofa",
    "bean haricot judia",
    "avocado avocat aguacate",
    # herbs
    "parsley persil perejil",
    "coriander coriandre cilantro",
    "basil basilic albahaca",
    "mint menthe hierbabuena menta",
    "chive ciboulette cebollino",
    "thyme thym tomillo",
    "rosemary romarin romero",
    "dill aneth eneldo",
    "curly frise rizado rizada",
    "flat plat",
    # fruit
    "lemon citron limon",
    "lime lima",
    "orange naranja",
    "apple pomme manzana",
    "banana banane platano",
    "strawberry fraise fresa freson",
    "cherry cerise cereza",
    "grape raisin uva",
    "peach peche melocoton",
    "pineapple ananas pina",
    # what goods are like
    "red rouge rojo roja morado morada",
    "green vert verte verde",
    "yellow jaune amarillo amarilla",
    "white blanco blanca",
    "fresh frais fraiche fresco fresca",
    "smoked fume fumee ahumado ahumada",
    "raw cru crue crudo cruda",
    "frozen surgele surgelee congelado congelada",
    "peeled decortique decortiquee pelado pelada",
    "chopped concasse concassee triturado triturada",
    "whole entier entiere entero entera",
    "skimmed ecreme ecremee desnatado desnatada",
    "icing glace glas",
    "virgin vierge virgen",
    "unsalted doux",  # "beurre doux"
    # meat and fish
    "chicken poulet pollo",
    "beef boeuf ternera vacuno",
    "pork porc cerdo",
    "lamb agneau cordero",
    "duck canard pato",
    "turkey dinde pavo",
    "ham jambon jamon",
    "sausage saucisse salchicha",
    "thigh cuisse muslo",
    "breast pechuga",
    "fillet filet",
    "loin lomo",
    "mince minced hache hachee picada picado",
    "belly poitrine panceta",
    "salmon saumon",
    "cod cabillaud bacalao",
    "hake merlu merluza",
    "tuna thon atun",
    "squid calamar",
    "mussel moule mejillon",
    "prawn crevette gamba langostino",
    # dairy, eggs, dry goods, drinks, the rest
    "milk lait leche",
    "cream creme nata",
    "butter beurre mantequilla",
    "cheese fromage queso",
    "yogurt yaourt yogur",
    "egg oeuf huevo",
    "oat avoine avena",
    "drink boisson bebida",
    "flour farine harina",
    "sugar sucre azucar",
    "rice riz arroz",
    "oil huile aceite",
    "olive oliva",
    "sunflower tournesol girasol",
    "salt sel sal",
    "mustard moutarde mostaza",
    "saffron safran azafran",
    "paprika pimenton",
    "vinegar vinaigre vinagre",
    "honey miel",
    "water eau agua",
    "sparkling gazeuse",
    "juice jus zumo",
    "bin poubelle basura",
)

# Trade shorthand cooks use for catalogue words (not tied to any one catalogue).
LEXICON = {
    "evoo": "extra virgin olive oil",
    "spuds": "potatoes",
    "parmo": "parmesan",
    "parm": "parmesan",
    "toms": "tomatoes",
    "tom": "tomato",
    "mayo": "mayonnaise",
    "choux": "chou",
    "pdt": "pommes de terre",
    "patates": "pommes de terre",
    "papas": "patata",
    "huevo": "huevos",
    # English kitchen shorthand
    "oj": "orange juice",
    "evo": "extra virgin olive oil",
    "mozz": "mozzarella",
    "cauli": "cauliflower",
    "caulis": "cauliflower",
    "brocc": "broccoli",
    "avo": "avocado",
    "avos": "avocados",
    "shrooms": "mushrooms",
    "mushies": "mushrooms",
    "cukes": "cucumbers",
    "cuke": "cucumber",
    "spag": "spaghetti",
    "choc": "chocolate",
    "chix": "chicken",
    "veggies": "vegetables",
    # French ("champi" is already the start of champignons and champiñones alike)
    "champis": "champignons",
    "mozza": "mozzarella",
    # Spanish
    "aove": "aceite de oliva virgen extra",
    "aov": "aceite de oliva virgen",
}
# One name for produce that the three languages' regions name differently: each word on the
# left reads as the words on the right, in messages and in catalogues alike, so "zucchini"
# finds "Courgettes" and "courgettes" finds "Zucchini".
REGIONAL = {
    # English (UK / US / AU)
    "zucchini": "courgette",
    "zucchinis": "courgette",
    "courgettes": "courgette",
    "eggplant": "aubergine",
    "eggplants": "aubergine",
    "aubergines": "aubergine",
    "scallion": "spring onion",
    "scallions": "spring onion",
    "cilantro": "coriander",
    "fizzy": "sparkling",
    "arugula": "rocket",
    "capsicum": "pepper",
    "capsicums": "pepper",
    "rutabaga": "swede",
    "beets": "beetroot",
    "beet": "beetroot",
    "garbanzo": "chickpea",
    "garbanzos": "chickpea",
    "shrimp": "prawn",
    "shrimps": "prawn",
    "prawns": "prawn",
    "cornstarch": "cornflour",
    "chili": "chilli",
    "chilies": "chilli",
    "chillies": "chilli",
    "yoghurt": "yogurt",
    "yoghurts": "yogurt",
    "yogurts": "yogurt",
    # cheese names across the languages
    "parmesan": "parmigiano",
    "parmesano": "parmigiano",
    # French (France / Québec / Belgium)
    "petillante": "gazeuse",
    "petillantes": "gazeuse",
    "cebette": "oignon nouveau",
    "cebettes": "oignon nouveau",
    "ciboule": "oignon nouveau",
    "ciboules": "oignon nouveau",
    "patate": "pomme de terre",
    "bleuet": "myrtille",
    "bleuets": "myrtille",
    "myrtilles": "myrtille",
    "canneberge": "airelle",
    "canneberges": "airelle",
    "arachide": "cacahuete",
    "arachides": "cacahuete",
    "yogourt": "yaourt",
    "yogourts": "yaourt",
    "yaourts": "yaourt",
    # Spanish (Spain / Latin America)
    "zapallito": "calabacin",
    "zapallitos": "calabacin",
    "calabacita": "calabacin",
    "calabacitas": "calabacin",
    "calabacines": "calabacin",
    "calabacin": "courgette",  # and "zucchini", said in Latin America as in the US
    "berenjenas": "berenjena",
    "berenjena": "aubergine",
    "batata": "boniato",
    "batatas": "boniato",
    "camote": "boniato",
    "camotes": "boniato",
    "boniatos": "boniato",
    "palta": "aguacate",
    "paltas": "aguacate",
    "aguacates": "aguacate",
    "frutilla": "fresa",
    "frutillas": "fresa",
    "fresas": "fresa",
    "durazno": "melocoton",
    "duraznos": "melocoton",
    "melocotones": "melocoton",
    "jitomate": "tomate",
    "jitomates": "tomate",
    "tomates": "tomate",
    "ejote": "judia verde",
    "ejotes": "judia verde",
    "vainita": "judia verde",
    "vainitas": "judia verde",
    "chaucha": "judia verde",
    "chauchas": "judia verde",
    "choclo": "maiz",
    "elote": "maiz",
    "betabel": "remolacha",
    "cebollin": "cebolleta",
    "cebollines": "cebolleta",
    "arveja": "guisante",
    "arvejas": "guisante",
    "chicharo": "guisante",
    "chicharos": "guisante",
    "guisantes": "guisante",
    "banana": "platano",
    "bananas": "platano",
    "platanos": "platano",
    "damasco": "albaricoque",
    "damascos": "albaricoque",
    "chabacano": "albaricoque",
    "chabacanos": "albaricoque",
    "albaricoques": "albaricoque",
    "jugo": "zumo",
    "jugos": "zumo",
    "zumos": "zumo",
    "camaron": "gamba",
    "camarones": "gamba",
    "gambas": "gamba",
    # one prawn family across the languages (the catalogue's own word still counts more)
    "gamba": "prawn",
    "crevette": "prawn",
    "crevettes": "prawn",
    "langostino": "prawn",
    "langostinos": "prawn",
    "mani": "cacahuete",
    "cacahuate": "cacahuete",
    "cacahuates": "cacahuete",
    "cacahuetes": "cacahuete",
    "anana": "pina",
    "ananas": "pina",
    "pinas": "pina",
    "repollo": "col",
    "repollos": "col",
    "coles": "col",
}


@lru_cache(maxsize=1)
def synonyms() -> dict[str, frozenset[str]]:
    """Stemmed word -> the stemmed one-word names its regional synonyms go by. Names that
    share a member are one group ("zucchini" is courgettes in London and calabacín in
    Madrid, where "zapallito" is calabacín too)."""
    return _grouped(REGIONAL.items())


@lru_cache(maxsize=1)
def translations() -> dict[str, frozenset[str]]:
    """Stemmed word -> the stemmed words of the same food in the other two languages (and
    the plurals stemming does not bring back: "strawberries", "limones")."""
    links = []
    for group in TRANSLATIONS:
        first, *others = group.split()
        plurals = [_plural(w) for w in group.split() if _plural(w)]
        links += [(other, first) for other in [*others, *plurals]]
    return _grouped(links)


def _grouped(links: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """Word -> the other one-word members of its group, the groups made of linked words."""
    parent: dict[str, str] = {}

    def root(word: str) -> str:
        while parent.setdefault(word, word) != word:
            word = parent[word]
        return word

    for word, name in links:
        parent[root(word)] = root(name)
    groups: dict[str, set[str]] = {}
    for word in parent:
        groups.setdefault(root(word), set()).add(word)
    out: dict[str, frozenset[str]] = {}
    for members in groups.values():
        stems = {stem(m) for m in members if " " not in m}
        for member in members:
            if " " not in member:
                out[stem(member)] = frozenset(stems - {stem(member)})
    return out


def _plural(word: str) -> str:
    """The plural a message may write that stemming does not bring back to ``word``:
    "strawberries" (strawberry), "limones" (limón); empty when the stem is the same."""
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word[-1] in "lnrd" and len(word) > 3:  # "limones", "champinones", "melocotones"
        return word + "es"
    return ""


LEXICON_TYPO = 0.85  # how close a word must be to a lexicon word to be read as its typo


@lru_cache(maxsize=1)
def _lexicon_words() -> tuple[str, ...]:
    return tuple(sorted({*synonyms(), *translations()}))


@lru_cache(maxsize=4096)
def lexicon_word_like(word: str) -> tuple[str, float] | None:
    """The word of the lexicon (a regional name, a translation) that ``word`` is a typo of,
    and how close it is ("parmasan": parmesan, 0.875); None for a short word or none close."""
    if len(word) < 5:
        return None
    found = process.extractOne(
        word, _lexicon_words(), scorer=fuzz.ratio, score_cutoff=LEXICON_TYPO * 100
    )
    return None if found is None else (found[0], found[1] / 100)


@lru_cache(maxsize=1)
def multi_word_names() -> dict[str, str]:
    """Stemmed word -> the several-word name its region knows it by."""
    return {stem(word): name for word, name in REGIONAL.items() if " " in name}
