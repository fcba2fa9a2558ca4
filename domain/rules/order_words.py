"""The words of free-text orders in English, French and Spanish: numbers, units, packaging,
filler and trade shorthand."""

from __future__ import annotations

NUMBER_WORDS: dict[str, int] = {
    # English
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    # French
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "vingt": 20,
    # Spanish
    "uno": 1,
    "una": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
    "once": 11,
    "doce": 12,
    "trece": 13,
    "catorce": 14,
    "quince": 15,
    "dieciseis": 16,
    "diecisiete": 17,
    "dieciocho": 18,
    "diecinueve": 19,
    "veinte": 20,
}
ARTICLES = {"a", "an", "un", "une", "una", "uno"}
DOZEN = {"dozen", "dozens", "douzaine", "douzaines", "docena", "docenas"}
HALF = {"half", "demi", "demie", "medio", "media"}
WEIGHT = {
    "kg": 1000,
    "kgs": 1000,
    "kilo": 1000,
    "kilos": 1000,
    "kilogram": 1000,
    "kilograms": 1000,
    "kilogramme": 1000,
    "kilogrammes": 1000,
    "kilogramo": 1000,
    "kilogramos": 1000,
    "g": 1,
    "gr": 1,
    "grs": 1,
    "gram": 1,
    "grams": 1,
    "gramme": 1,
    "grammes": 1,
    "gramo": 1,
    "gramos": 1,
}
VOLUME = {
    "l": 1000,
    "lt": 1000,
    "ltr": 1000,
    "litre": 1000,
    "litres": 1000,
    "liter": 1000,
    "liters": 1000,
    "litro": 1000,
    "litros": 1000,
    "ml": 1,
    "cl": 10,
}
PACKAGING: dict[str, str] = {}
for _canonical, _words in {
    "case": "cs case cases caisse caisses caja cajas ctn ctns carton cartons box boxes "
    "boite boites crate crates cagette cagettes",
    "bag": "bag bags sac sacs saco sacos sack sacks",
    "bottle": "bt bts btl btls bottle bottles bouteille bouteilles botella botellas",
    "bunch": "bunch bunches botte bottes manojo manojos",
    "tray": "tray trays plateau plateaux bandeja bandejas",
    "can": "can cans tin tins bidon bidons garrafa garrafas lata latas jerrican",
    "pack": "pack packs packet packets paquet paquets paquete paquetes pqt pkt",
    "piece": "pc pcs piece pieces unit units unite unites pieza piezas unidad unidades ud "
    "uds head heads",
    "jar": "jar jars pot pots tarro tarros",
}.items():
    for _word in _words.split():
        PACKAGING[_word] = _canonical
STOPWORDS = set(
    "hi hello hey morning please pls plz thanks thank you cheers can could we i get need "
    "would like want for tomorrow today some of the and or also order x with "
    "bonjour salut coucou pour demain aujourd svp stp merci il me faudrait faut je voudrais "
    "veux besoin de du des d la le les l et aussi avec commande au aux "
    "hola buenas buenos dias dia para manana por favor gracias necesito quiero "
    "del el los las y tambien pedido al".split()
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
    "arugula": "rocket",
    "capsicum": "pepper",
    "capsicums": "pepper",
    "rutabaga": "swede",
    "beets": "beetroot",
    "beet": "beetroot",
    "garbanzo": "chickpea",
    "garbanzos": "chickpea",
    # French (France / Québec / Belgium)
    "cebette": "oignon nouveau",
    "cebettes": "oignon nouveau",
    "patate": "pomme de terre",
    # Spanish (Spain / Latin America)
    "zapallito": "calabacin",
    "zapallitos": "calabacin",
    "calabacines": "calabacin",
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
}
