"""Is a text valid Telegram HTML?  Checked before a broadcast is sent to hundreds of people."""

from __future__ import annotations

import html
import re

from domain.errors import BadHtml

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
_TAG_RE = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>\"']+))?)*)\s*>"
)
_HREF_RE = re.compile(r"href\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+))")
_ENTITY_RE = re.compile(r"&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|lt|gt|amp|quot);")
ALLOWED = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "code",
    "pre",
    "a",
    "tg-spoiler",
    "span",
    "blockquote",
}


def plain_length(source: str) -> int:
    """Raise InvalidInput (``reason``) unless ``source`` is valid; the visible length."""
    stack: list[str] = []
    visible: list[str] = []
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "<":
            match = _TAG_RE.match(source, i)
            if match is None:
                raise BadHtml("bad tag", reason="tag", value=source[i : i + 20])
            closing, tag, attrs = match.group(1), match.group(2).lower(), match.group(3)
            if tag not in ALLOWED:
                raise BadHtml("unsupported tag", reason="tag", value=f"<{tag}>")
            if closing:
                if not stack or stack[-1] != tag:
                    raise BadHtml("unbalanced tag", reason="unbalanced", value=f"</{tag}>")
                stack.pop()
            else:
                if tag == "a":
                    href = _HREF_RE.search(attrs)
                    url = next((g for g in href.groups() if g), "") if href else ""
                    if not url.startswith(("http://", "https://", "tg://")):
                        raise BadHtml("bad link", reason="link", value=url[:40])
                stack.append(tag)
            i = match.end()
            continue
        if ch == ">":
            raise BadHtml("bare >", reason="escape", value=">")
        if ch == "&":
            match = _ENTITY_RE.match(source, i)
            if match is None:
                raise BadHtml("bare &", reason="escape", value="&")
            visible.append(html.unescape(match.group(0)))
            i = match.end()
            continue
        visible.append(ch)
        i += 1
    if stack:
        raise BadHtml("unclosed tag", reason="unbalanced", value=f"<{stack[-1]}>")
    text = "".join(visible)
    return len(text.encode("utf-16-le")) // 2


def check(source: str, *, caption: bool = False) -> str:
    length = plain_length(source)
    limit = CAPTION_LIMIT if caption else TEXT_LIMIT
    if length == 0 and not caption:
        raise BadHtml("empty", reason="empty", value="")
    if length > limit:
        raise BadHtml("too long", reason="length", value=str(limit))
    return source


MAX_TEXT = 4096  # characters of one message


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split at line breaks into parts Telegram accepts (each within ``limit``)."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:  # a single overlong line: cut it
            parts.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        parts.append(current)
    return parts
