"""Chat around an order, in English, French and Spanish: the words that are no goods and the
numbers that count no goods ("40 covers booked tonight", "a party of 120", "before 9",
"19h30"), dropped from an item before it is read (domain/rules/free_text.py); and "otra de
AOVE", where "another of" counts one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from domain.rules.order_grammar import OF, is_number, is_unit

# a number counting these is not an order line ("40 covers booked", "table for 6 people")
NOT_GOODS = set(
    "cover covers people persons person guests guest pax tables table minutes minute mins "
    "hours hour "
    "couvert couverts personnes personne convives invites tables heures heure minutes "
    "personas persona comensales cubiertos mesas horas hora minutos "
    # "200 booked", "200 réservations", "200 reservas"
    "booked bookings reservations reservation reservas reserva "
    # "a couple of things", "deux questions", "un par de cosas"
    "things questions choses trucs cosas preguntas "
    # "total 3 items:", "total 3 articles :", "3 artículos": how many lines, not goods
    "items articles articulos lignes lineas references referencias".split()
)
_TIME_RE = re.compile(r"\d{1,2}(?:am|pm|h|hr|hrs)$|\d{1,2}h\d{2}$")

# chat around an order, in the three languages (never a product's word)
CHAT = set(
    "got ve ll re booked so add more another just send bring deliver us our my let total "
    # only, today: "solo 10 kg hoy", "seulement 2 kg", "juste 3 bottes", "solamente"
    "only solo solamente seulement juste hoy "
    "tonight covers guests pax couverts convives comensales cubiertos "
    "know ok okay thx ta cheers lot lots usual same again too as well "
    "encore rajouter ajouter ajoute ajoutez mettre mets envoyer envoie nous on ce soir "
    "mettez envoyez livrez rajoutez prevoyez "
    "comme dhabitude habitude aussi plus "
    "anadir anade agrega agregar agregame mas otra otro otros otras manda mandar mandame "
    "ademas "  # "y además dos docenas más"
    "enviar envia esta noche nos como siempre tambien "
    # asking: "can you add", "tu peux me rajouter", "¿me puedes poner?"
    "tu vous peux pouvez pourriez pourrais puedes puede podeis podrias podria pon ponme "
    "dame poner "
    # a yes to what was just asked about: "do you still do oat milk? if so 6", "si oui 6"
    "if yes oui si hay teneis tienes have avez "
    # asking whether it is there: "is the saffron good at the moment?", "¿queda azafrán?",
    # "il en reste ?"
    "good moment currently now ahora actualmente actuellement queda quedan reste left "
    "available dispo disponible disponibles "
    # taking it: "I'll take 10g if so", "j'en prends 2", "me llevo 3"
    "take prends prendrai prendre prenons llevo llevamos "
    # fillers: "5 kg, euh non, 4 kg"
    "um umm uh erm er euh heu hum ehm enfin bueno pues vale ah oh ay oups "
    # what leads into the order: "euh alors deux colis", "bref", "entonces tres cajas"
    "alors donc bref ensuite puis voila ben bah entonces luego oye mira anyway yeah yep "
    # hedging: "maybe 3 bags?", "disons 3 sachets", "unos 3 kg"
    "maybe perhaps say about around roughly approx approximately disons environ peut etre "
    "quizas quiza digamos unos unas aproximadamente aprox "
    # needing: "me hacen falta", "il nous faut"
    "hace hacen falta faltan faut he has hemos han "
    # urgency: "2 trays asap", "vite", "ya"
    "asap urgent urgently quick quickly vite rapidement urgence urgente rapido ya "
    # the delivery and the week around an order: "with tomorrow's delivery", "this week"
    "delivery deliveries livraison livraisons reparto entrega this week cette semaine semana "
    # a contrast: "no parm this week, 2kg cheddar tho", "pero sí 1 kg de parmesano"
    "tho though but however cependant pourtant pero "  # not "mais": it is maïs too
    # when: "... demain matin", "for Saturday", "el viernes por la tarde"
    "morning afternoon evening night matin midi aprem soir soiree tarde mediodia "
    "monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun "
    "lundi mardi mercredi jeudi vendredi samedi dimanche "
    "lunes martes miercoles jueves viernes sabado domingo "
    "too".split()
)


# "antes de las 9", "before 9", "vers 8": a number after these is an hour of the day
_HOUR_BEFORE = {
    "las",
    "at",
    "by",  # "3 boxes by 10?"
    "before",
    "after",
    "until",
    "avant",
    "apres",
    "vers",
    "antes",
    "despues",
}

# "a party of 120", "un groupe de 30", "una mesa de 12", "a booking for 40": a number of guests
GATHERINGS = set(
    "party parties group groups table booking reservation event function wedding "
    "groupe reservation banquet mariage evenement "
    "grupo mesa reserva banquete boda evento".split()
)
_GATHERED = {"of", "for", "de", "pour", "para"}
# "pour le 12", "para el día 12", "for the 12", "by the 3": a day of the month
_THE_DAY = {"le", "el", "the", "dia", "day"}
_FOR_THE_DAY = {"pour", "for", "para", "on", "du", "del", "au", "al", "by", "avant", "antes"}
# "Order 1 (Thursday): ...", "PO 4471", "pedido 2", "facture 5521": a number after these names
# an order or a paper, it counts nothing
NUMBERED = set("order orders po ref invoice commande facture bc pedido factura albaran".split())
# the words that make an item worth reading token by token
_DROPPABLE = NOT_GOODS | CHAT | _HOUR_BEFORE | GATHERINGS | _THE_DAY | NUMBERED


# "una garrafa de girasol y otra de AOVE": "another of" counts one
_ANOTHER = {"another", "otra", "otro", "autre"}
# "another case of romaine", "otra lechuga romana": one more (French says "un autre", whose
# article counts); not "another thing", "otra vez"
_ANOTHER_ONE = {"another", "otra", "otro"}
_NOT_COUNTED = set(
    "thing things question time day week order delivery one ones "
    "cosa pregunta vez dia semana pedido entrega".split()
)


def another_one(tokens: Sequence[str]) -> list[str]:
    """ "otra de AOVE", "another of the 5l", "another case of romaine", "otra lechuga": one
    more, of those goods ("otros 2 kg" and "another 2" are chat before a number)."""
    if not _ANOTHER.intersection(tokens):
        return list(tokens)
    out = list(tokens)
    counted = any(t[0].isdigit() for t in tokens)
    for i, (token, following) in enumerate(pairwise(tokens)):
        if token in _ANOTHER and following in OF and i + 2 < len(tokens):
            out[i] = "1"
        elif (
            token in _ANOTHER_ONE
            and not counted
            and following.isalpha()
            and following not in _NOT_COUNTED
            and following not in CHAT
        ):
            out[i] = "1"
    return out


# asking what goods cost: "how much is a case of romaine?", "c'est combien le colis ?",
# "¿a cuánto está el kilo?", "what's the price of saffron"
PRICE_ASKING = set(
    "price prices cost costs charge prix coute coutent combien precio precios cuesta cuestan "
    "cuanto cuanta".split()
)

_PRICE_WORDS = PRICE_ASKING | {"much"}


def asks_the_price(tokens: Sequence[str]) -> bool:
    """The item asks what goods cost (a question, no order line): "how much", "combien",
    "cuánto" ("cuanto antes" is as soon as possible), "price", "precio"."""
    if _PRICE_WORDS.isdisjoint(tokens):
        return False  # most items: a quick look
    for i, token in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token == "how" and following == "much":
            return True
        if token in PRICE_ASKING and not (token == "cuanto" and following == "antes"):
            return True
    return False


def drop_counted_guests(tokens: Sequence[str]) -> list[str]:
    """ "40 covers booked tonight", "a party of 120": a number of what is not goods (guests,
    tables, hours) and clock times ("7pm", "19h30") are not quantities; chat words go too."""
    if (
        not _DROPPABLE.intersection(tokens)
        and "in" not in tokens
        and not any(t[-1] in "mhrs" and t[0].isdigit() for t in tokens)
    ):
        return list(tokens)
    out: list[str] = []
    skip = False
    for i, token in enumerate(tokens):
        if skip:
            skip = False
            continue
        if not token[0].isdigit():  # only a number can count guests or tell the time
            if token not in CHAT:
                out.append(token)
            continue
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if is_number(token) and following in NOT_GOODS:
            skip = True
            continue
        if is_number(token) and following == "in":
            continue  # "we have 150 in for a function": people (or what a pack holds)
        if (
            is_number(token)
            and i
            and tokens[i - 1] in NUMBERED
            and not is_unit(following)
            and any(t[0].isdigit() for t in tokens[i + 1 :])
        ):
            continue  # "order 2 (saturday): 3 cs romaine": which order ("order 2 romaine" counts)
        if is_number(token) and _counts_a_gathering(tokens, i):
            continue
        if _TIME_RE.fullmatch(token) or _a_clock_time(tokens, i) or _a_day_of_the_month(tokens, i):
            continue
        out.append(token)
    return out


def _counts_a_gathering(tokens: Sequence[str], index: int) -> bool:
    """ "a party of 120": the number after a gathering and its "of" counts guests."""
    if index < 2 or tokens[index - 1] not in _GATHERED:
        return False
    following = tokens[index + 1] if index + 1 < len(tokens) else ""
    return tokens[index - 2] in GATHERINGS and not is_unit(following)


def _a_day_of_the_month(tokens: Sequence[str], index: int) -> bool:
    token = tokens[index]
    if not token.isdigit() or not 1 <= int(token) <= 31 or index < 2:
        return False
    following = tokens[index + 1] if index + 1 < len(tokens) else ""
    before, first = tokens[index - 1], tokens[index - 2]
    if before not in _THE_DAY or is_unit(following):
        return False
    return before in ("dia", "day") or first in _FOR_THE_DAY


def _a_clock_time(tokens: Sequence[str], index: int) -> bool:
    token = tokens[index]
    if not token.isdigit() or int(token) > 24 or index == 0:
        return False
    following = tokens[index + 1] if index + 1 < len(tokens) else ""
    before = tokens[index - 1]
    if before == "las" and (index < 2 or tokens[index - 2] not in ("a", "de", "hasta")):
        return False  # "ponme las 3 lechugas": the lettuces, not three o'clock
    return before in _HOUR_BEFORE and not is_unit(following)
