"""Every text is a template, translated into French and Spanish, escaped for HTML."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from babel.messages.pofile import read_po

from bot.i18n import LANGUAGES, Renderer, pick_language, template_messages

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
TAG = re.compile(r"</?[a-z]+[^>]*>")


def catalog(language: str):  # type: ignore[no-untyped-def]
    po = resources.files("bot").joinpath("locale", language, "LC_MESSAGES", "messages.po")
    with po.open("rb") as fp:
        return read_po(fp, locale=language)


def test_templates_have_messages() -> None:
    assert len(template_messages()) >= 3


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_message_is_translated(language: str) -> None:
    cat = catalog(language)
    for msgid, templates in template_messages().items():
        entry = cat.get(msgid)
        assert entry is not None and entry.string, f"{language}: untranslated {msgid!r} {templates}"
        assert not entry.fuzzy, msgid
        assert sorted(PLACEHOLDER.findall(entry.string)) == sorted(PLACEHOLDER.findall(msgid))
        assert sorted(TAG.findall(entry.string)) == sorted(TAG.findall(msgid)), msgid


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("fr", "fr"),
        ("fr-CA", "fr"),
        ("es-419", "es"),
        ("ES", "es"),
        ("de", "en"),
        (None, "en"),
        ("", "en"),
        ("en-GB", "en"),
    ],
)
def test_pick_language(code: str | None, language: str) -> None:
    assert pick_language(code) == language


def test_rendering_escapes_values_and_translates() -> None:
    renderer = Renderer()
    english = renderer.render("en", "unlinked.j2", name="<b>Zoé & co</b>")
    french = renderer.render("fr", "unlinked.j2", name="Zoé")
    spanish = renderer.render("es", "unlinked.j2", name="Zoé")
    assert "&lt;b&gt;Zoé &amp; co&lt;/b&gt;" in english and "<b>Comanda</b>" in english
    assert "fournisseur" in french and "proveedor" in spanish
    assert renderer.render("de", "unlinked.j2", name="x") == renderer.render(
        "en", "unlinked.j2", name="x"
    )
