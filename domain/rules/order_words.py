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
DOZEN = {
    "dozen",
    "dozens",
    "doz",
    "dz",
    "dzn",
    "douzaine",
    "douzaines",
    "douz",
    "docena",
    "docenas",
    "doc",  # "2 doc. de huevos"
}
HALF = {"half", "demi", "demie", "medio", "media"}
QUARTER = {"quarter", "quart", "cuarto"}  # "quarter kilo", "cuarto de kilo": 0.25
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
    "case": "cs case cases caisse caisses caja cajas ctn ctns carton cartons box boxes bx bxs "
    "crate crates cagette cagettes colis",
    "bag": "bag bags sac sacs saco sacos sack sacks sachet sachets bolsa bolsas",
    "bottle": "bt bts btl btls bot bout bottle bottles bouteille bouteilles botella botellas",
    "bunch": "bunch bunches botte bottes manojo manojos",
    "tray": "tray trays plateau plateaux bandeja bandejas",
    # "boîte" is a box, but "une boîte de tomates" is a tin: the trade's boîte de conserve
    "can": "can cans tin tins bidon bidons garrafa garrafas lata latas jerrican boite boites "
    # the goods in it: "tinned tomatoes", "tomates en conserve", "tomate enlatado"
    "tinned canned conserve conserves conserva conservas enlatado enlatada enlatados enlatadas",
    "pack": "pack packs packet packets paquet paquets paquete paquetes pqt pkt pkts malla "
    "mallas plaquette plaquettes plaq paq pqte",
    "piece": "pc pcs piece pieces unit units unite unites pieza piezas unidad unidades ud "
    "uds head heads ball balls boule boules bola bolas",
    "jar": "jar jars pot pots tarro tarros bote botes",
}.items():
    for _word in _words.split():
        PACKAGING[_word] = _canonical
STOPWORDS = set(
    "hi hello hey morning please pls plz thanks thank you cheers can could we i get need "
    "make put give do pop is are be it its at to on in any there one ones "
    "would like want for tomorrow today some of the and or also order x with "
    "bonjour salut coucou pour demain aujourd hui svp stp merci il me faudrait faut je voudrais "
    "veux besoin de du des d la le les l et aussi avec commande au aux "
    "hola buenas buenos dias dia para manana por favor gracias necesito quiero "
    "del el los las y tambien pedido al porfa porfi xfa xfavor "
    # what is left of a possessive ("today's order") or a French elision ("j'en prends 2",
    # "c'est", "qu'il", "n'a", "m'en")
    "s j c n m t qu "
    # how the supplier is addressed ("2kg parmesan please mate")
    "mate mates guys lads pal buddy folks "
    # how ripe ("10 aguacates bien maduros", "ripe ones")
    "ripe bien maduro madura maduros maduras "
    # "2 colis de romaine en plus", "tomate en rama"
    "en "
    # a quantity's label in a list ("QTY 3 - chestnut mushrooms", "Qté : 2", "Cant. 4")
    "qty quantity qte quantite cant cantidad".split()
)
# The sections of a list ("fish:", "poisson :", "carne:"): before a colon, no goods
SECTIONS = set(
    "fish seafood meat poultry veg veggies vegetables fruit fruits dairy herbs drinks cleaning "
    "baking bakery dry goods grocery groceries produce frozen chilled sundries misc other "
    "poisson poissons viande viandes volaille legumes legume cremerie laitiers herbes aromates "
    "boissons entretien patisserie epicerie surgeles frais produits "
    "pescado pescados marisco mariscos carne carnes aves verdura verduras fruta frutas lacteos "
    "hierbas bebidas limpieza reposteria panaderia despensa congelados".split()
)
# What is made of an ingredient, or a part of the plant, is another product: "lime leaves",
# "lemon grass", "garlic bread", "chicken stock", "feuilles de citron vert", "caldo de pollo"
# (a catalogue that sells it holds the word, and then it matches as any word does)
FORMS = set(
    "leaves grass bread stock sauce paste powder flakes seeds zest jam syrup vinegar soup "
    "cake pie crisps chips jelly cordial extract essence sorbet dressing marinade pesto "
    "feuille feuilles fond sauce puree poudre flocons graines zeste confiture sirop vinaigre "
    "soupe gateau tarte gelee extrait bouillon coulis "
    "hoja hojas caldo salsa polvo copos semillas ralladura mermelada sirope vinagre sopa "
    "tarta pastel gelatina extracto esencia sorbete".split()
)
# Names of several words that mean another name (in messages and catalogues alike)
PHRASES = {
    "green onions": "spring onions",
    "green onion": "spring onion",
    "sin hueso": "deshuesado",
    "sans os": "desosse",
    # two, said as a pair
    "a couple of": "2",
    "couple of": "2",
    "a couple more": "2 more",
    "couple more": "2 more",
    "another couple of": "2",
    "un par de": "2",
    "otro par de": "2",
    "full fat": "whole",
    "full-fat": "whole",
    "bell peppers": "peppers",
    "bell pepper": "pepper",
    "sweet peppers": "peppers",
    # "instead (of ...)": what the line replaces is not what it is (read as "instead", which
    # leaves out the words after it, as "for" does)
    "instead of": "instead",
    "a la place des": "instead",
    "a la place du": "instead",
    "a la place de": "instead",
    "a la place": "instead",
    "au lieu des": "instead",
    "au lieu du": "instead",
    "au lieu de": "instead",
    "en su lugar": "instead",
    "en lugar del": "instead",
    "en lugar de": "instead",
    "en vez del": "instead",
    "en vez de": "instead",
    # "..., 1kg de parmesan par contre", "sin embargo": a contrast, no goods
    "par contre": "",
    "sin embargo": "",
    "en cambio": "",
    # "lait 1/2 écrémé", "beurre 1/2 sel": the half written as a fraction
    "1/2 ecreme": "demi-ecreme",
    "1/2 ecremes": "demi-ecreme",
    "1/2 sel": "demi-sel",
    "1/2-ecreme": "demi-ecreme",
    "1/2-sel": "demi-sel",
    "1\u20442 ecreme": "demi-ecreme",  # "½", as normalized
    "1\u20442 sel": "demi-sel",
    # tomato paste is no tomatoes
    "tomato puree": "tomatopuree",
    "tomato paste": "tomatopuree",
    "concentre de tomate": "tomatopuree",
    "concentre de tomates": "tomatopuree",
    "tomate concentrado": "tomatopuree",
    "concentrado de tomate": "tomatopuree",
    # sweet potatoes are no potatoes ("patates" alone are)
    "sweet potatoes": "sweetpotatoes",
    "sweet potato": "sweetpotatoes",
    "patates douces": "patatedouce",
    "patate douce": "patatedouce",
    # "a ver, diez kilos de ...": let's see, no goods (and no "a" that counts one)
    "vamos a ver": "",
    "a ver": "",
    # a remark announced: "one thing - ...", "juste un truc", "una cosa"
    "one more thing": "",
    "one thing": "",
    "un truc": "",
    "une chose": "",
    "una cosa": "",
    "otra cosa": "",
    # having run out ("we're out of eggs", "nos hemos quedado sin huevos") says what is
    # wanted, not what the product is ("sin" is a word of names: "sin gas", "sin sal")
    "run out of": "",
    "ran out of": "",
    "out of": "",
    "quedado sin": "",
    "quedamos sin": "",
    "nos quedan": "",
    # whether it is there again ("is the arborio back in stock?", "¿ha vuelto el bomba?"):
    # no goods ("stock" alone is: "chicken stock")
    "back in stock": "",
    "in stock": "",
    "en stock": "",
    "en existencia": "",
    "ha vuelto": "",
    "han vuelto": "",
    "est revenu": "",
    "est revenue": "",
    "sont revenus": "",
    # a yes to what was just asked about, in words: "si es así, 2 kg", "si c'est le cas"
    "si es asi": "si",
    "si es el caso": "si",
    "de ser asi": "si",
    "en ese caso": "si",
    "si c'est le cas": "si",
    "si cest le cas": "si",
    "dans ce cas": "si",
    "in that case": "if",
    "if that's the case": "if",
    "if thats the case": "if",
    # plant drinks: catalogues may not call them milk (EU rule), customers do
    "oat milk": "oat drink",
    "soy milk": "soya drink",
    "soya milk": "soya drink",
    "almond milk": "almond drink",
    "rice milk": "rice drink",
    "lait d'avoine": "boisson avoine",
    "lait davoine": "boisson avoine",
    "lait de soja": "boisson soja",
    "lait d'amande": "boisson amande",
    "lait damande": "boisson amande",
    "lait de riz": "boisson riz",
    "leche de avena": "bebida avena",
    "leche de soja": "bebida soja",
    "leche de almendra": "bebida almendra",
    "leche de almendras": "bebida almendra",
    "leche de arroz": "bebida arroz",
}
