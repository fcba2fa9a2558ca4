"""Templates rendered in the reader's language, escaped for Telegram HTML.

Every text a person reads is a jinja2 template in ``bot/templates/``; its words pass
through gettext, whose French and Spanish catalogues live in ``bot/locale/*/messages.po``
and are compiled in memory with Babel when the renderer is built.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, time
from decimal import Decimal
from importlib import resources
from typing import BinaryIO, cast

from babel.dates import format_date, format_time, get_day_names
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import NullTranslations, Translations
from jinja2 import Environment, PackageLoader, StrictUndefined

LANGUAGES: tuple[str, ...] = ("en", "fr", "es")
DEFAULT_LANGUAGE = "en"


def supported_language(code: str | None) -> str | None:
    """Telegram's ``language_code`` (e.g. ``fr-CA``) -> one of LANGUAGES, else None."""
    if not code:
        return None
    short = code.split("-")[0].split("_")[0].lower()
    return short if short in LANGUAGES else None


def pick_language(code: str | None) -> str:
    """Telegram's ``language_code`` (e.g. ``fr-CA``) -> one of LANGUAGES, else English."""
    if not code:
        return DEFAULT_LANGUAGE
    short = code.split("-")[0].split("_")[0].lower()
    return short if short in LANGUAGES else DEFAULT_LANGUAGE


def load_translations(language: str) -> NullTranslations:
    if language == DEFAULT_LANGUAGE:
        return NullTranslations()
    po = resources.files("bot").joinpath("locale", language, "LC_MESSAGES", "messages.po")
    with po.open("rb") as fp:
        catalog = read_po(fp, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def _filters(language: str) -> dict[str, Callable[..., str]]:
    def money(amount: Decimal | None, currency: str) -> str:
        if amount is None:
            return ""
        return format_currency(amount, currency, locale=language)

    def qty(value: Decimal) -> str:
        return format_decimal(
            value.normalize() if value == value.to_integral() else value,
            format="#,##0.###",
            locale=language,
        )

    def day(value: date | None) -> str:
        return format_date(value, "EEE d MMM", locale=language) if value else ""

    def long_day(value: date | None) -> str:
        return format_date(value, "EEEE d MMMM y", locale=language) if value else ""

    def hhmm(value: time) -> str:
        return format_time(value, "HH:mm", locale=language)

    def weekday(index: int) -> str:
        return str(get_day_names("wide", locale=language)[index])

    return {
        "money": money,
        "qty": qty,
        "day": day,
        "long_day": long_day,
        "hhmm": hhmm,
        "weekday": weekday,
    }


def _autoescape(name: str | None) -> bool:
    return not (name or "").startswith("plain/")


class Renderer:
    """One jinja2 environment per language; ``render(lang, name, **values)``."""

    def __init__(self) -> None:
        self._envs: dict[str, Environment] = {}
        for language in LANGUAGES:
            env = Environment(
                loader=PackageLoader("bot", "templates"),
                # Texts are Telegram HTML; button labels (templates under plain/) are not parsed.
                autoescape=_autoescape,
                undefined=StrictUndefined,
                extensions=["jinja2.ext.i18n"],
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=False,
                auto_reload=False,  # templates never change under a running bot: no stat per render
            )
            env.install_gettext_translations(  # type: ignore[attr-defined]
                load_translations(language), newstyle=True
            )
            env.filters.update(_filters(language))
            self._envs[language] = env

    def render(self, language: str, template: str, /, **values: object) -> str:
        env = self._envs.get(language) or self._envs[DEFAULT_LANGUAGE]
        return env.get_template(template).render(**values).strip()

    def _env(self, language: str) -> Environment:
        return self._envs.get(language) or self._envs[DEFAULT_LANGUAGE]

    def macro(self, language: str, template: str, name: str, /, **values: object) -> str:
        """Call the macro ``name`` of ``template`` (e.g. one error message of errors.j2)."""
        module = self._env(language).get_template(template).module
        return str(getattr(module, name)(**values)).strip()

    def macro_arguments(self, template: str, name: str) -> tuple[str, ...]:
        macro = getattr(self._env(DEFAULT_LANGUAGE).get_template(template).module, name)
        return tuple(macro.arguments)

    def has_macro(self, template: str, name: str) -> bool:
        return hasattr(self._env(DEFAULT_LANGUAGE).get_template(template).module, name)

    def button(self, language: str, name: str, /, **values: object) -> str:
        """A button label (plain text: Telegram does not parse button labels)."""
        return self.macro(language, "plain/buttons.j2", name, **values)


def template_messages() -> dict[str, list[str]]:
    """Every translatable message in the templates -> the templates using it."""
    from jinja2.ext import babel_extract

    found: dict[str, list[str]] = {}
    root = resources.files("bot").joinpath("templates")
    stack = [root]
    while stack:
        folder = stack.pop()
        for entry in folder.iterdir():
            if entry.is_dir():
                stack.append(entry)
                continue
            if not entry.name.endswith(".j2"):
                continue
            with entry.open("rb") as fp:
                options = {
                    "extensions": "jinja2.ext.i18n",
                    "trimmed": "false",
                    "trim_blocks": "true",
                    "lstrip_blocks": "true",
                }
                for _line, _func, message, _comments in babel_extract(
                    cast(BinaryIO, fp), ("_", "gettext", "ngettext"), [], options
                ):
                    for msgid in message if isinstance(message, tuple) else (message,):
                        if msgid:
                            found.setdefault(msgid, []).append(entry.name)
    return found


def update_catalogs() -> None:
    """Add every template message missing from the .po files (with an empty msgstr)."""
    from pathlib import Path

    from babel.messages.pofile import write_po

    messages = template_messages()
    for language in LANGUAGES:
        if language == DEFAULT_LANGUAGE:
            continue
        path = Path(
            str(resources.files("bot").joinpath("locale", language, "LC_MESSAGES", "messages.po"))
        )
        if path.exists():
            with path.open("rb") as fp:
                catalog = read_po(fp, locale=language)
        else:
            from babel.messages.catalog import Catalog

            catalog = Catalog(locale=language, project="comanda")
        for msgid in messages:
            if msgid not in catalog:
                catalog.add(msgid, "")
        with path.open("wb") as fp:
            write_po(fp, catalog, width=100, omit_header=False, sort_output=True)


if __name__ == "__main__":  # python -m bot.i18n: refresh the catalogues
    update_catalogs()
