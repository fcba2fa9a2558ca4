"""Telegram's HTML parse mode: text + entities, or "can't parse entities".

Strict on purpose: a bare ``<``, ``>`` or ``&`` that is not part of a supported tag or entity
is refused, so a bot that forgets to escape is caught in tests.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from sandbox.errors import ApiError, bad_request

_TAG_RE = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>\"']+))?)*)\s*(/?)>"
)
_ATTR_RE = re.compile(r"([a-zA-Z-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+)))?")
_ENTITY_RE = re.compile(r"&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|lt|gt|amp|quot);")

_SIMPLE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_ALL = set(_SIMPLE) | {"a", "span", "tg-emoji", "tg-time"}


@dataclass
class _Open:
    tag: str
    offset: int
    attrs: dict[str, str]


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _error(text: str, at: int) -> ApiError:
    return bad_request(f"can't parse entities: {text} at byte offset {at}")


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """(plain text, entities with UTF-16 offsets)."""
    out: list[str] = []
    length = 0  # UTF-16 units emitted so far
    stack: list[_Open] = []
    entities: list[dict[str, Any]] = []
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "<":
            match = _TAG_RE.match(source, i)
            if match is None:
                raise _error(
                    "Unexpected end of name token" if i + 1 < len(source) else "Unexpected end tag",
                    len(source[:i].encode()),
                )
            closing, tag, attr_text, _self_closing = match.groups()
            tag = tag.lower()
            if tag not in _ALL:
                kind = "end" if closing else "start"
                raise _error(f'Unsupported {kind} tag "{tag}"', len(source[:i].encode()))
            if closing:
                if not stack or stack[-1].tag != tag:
                    raise _error(f'Unmatched end tag "{tag}"', len(source[:i].encode()))
                opened = stack.pop()
                entity = _entity(opened, length)
                if entity is not None:
                    entities.append(entity)
            else:
                attrs = {
                    m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
                    for m in _ATTR_RE.finditer(attr_text)
                }
                if tag == "a" and not attrs.get("href"):
                    raise _error("Can't find href in <a> tag", len(source[:i].encode()))
                stack.append(_Open(tag, length, attrs))
            i = match.end()
            continue
        if ch == ">":
            raise _error("Character '>' is reserved", len(source[:i].encode()))
        if ch == "&":
            match = _ENTITY_RE.match(source, i)
            if match is None:
                raise _error("Character '&' is reserved (use &amp;)", len(source[:i].encode()))
            text = html.unescape(match.group(0))
            i = match.end()
        else:
            text = ch
            i += 1
        out.append(text)
        length += utf16_len(text)
    if stack:
        raise _error(
            f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"',
            len(source.encode()),
        )
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _entity(opened: _Open, end: int) -> dict[str, Any] | None:
    length = end - opened.offset
    if length == 0:
        return None
    entity: dict[str, Any] = {"offset": opened.offset, "length": length}
    if opened.tag == "a":
        entity.update(type="text_link", url=opened.attrs["href"])
    elif opened.tag == "span":
        if opened.attrs.get("class") != "tg-spoiler":
            raise bad_request("can't parse entities: Unsupported span class")
        entity["type"] = "spoiler"
    elif opened.tag == "tg-emoji":
        entity.update(type="custom_emoji", custom_emoji_id=opened.attrs.get("emoji-id", ""))
    elif opened.tag == "tg-time":
        entity.update(type="date_time")
    elif opened.tag == "blockquote" and "expandable" in opened.attrs:
        entity["type"] = "expandable_blockquote"
    else:
        entity["type"] = _SIMPLE[opened.tag]
    return entity


def to_html(text: str, entities: list[dict[str, Any]] | None) -> str:
    """Rebuild Telegram HTML from text and entities (for the demo page)."""
    if not entities:
        return html.escape(text, quote=False)
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    tags = {
        "bold": "b",
        "italic": "i",
        "underline": "u",
        "strikethrough": "s",
        "spoiler": "tg-spoiler",
        "code": "code",
        "pre": "pre",
        "blockquote": "blockquote",
        "expandable_blockquote": "blockquote",
    }
    for e in entities:
        kind = e["type"]
        if kind == "text_link":
            start, end = f'<a href="{html.escape(e.get("url", ""))}">', "</a>"
        elif kind in tags:
            start, end = f"<{tags[kind]}>", f"</{tags[kind]}>"
        else:
            continue
        opens.setdefault(e["offset"], []).append(start)
        closes.setdefault(e["offset"] + e["length"], []).insert(0, end)
    parts: list[str] = []
    pos = 0
    for ch in text:
        parts.extend(closes.get(pos, []))
        parts.extend(opens.get(pos, []))
        parts.append(html.escape(ch, quote=False))
        pos += utf16_len(ch)
    parts.extend(closes.get(pos, []))
    return "".join(parts)
