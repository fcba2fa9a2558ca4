"""Validation of Bot API requests against the published description.

``data/bot-api.min.json`` is Bot API 10.1's machine-readable description (MIT, from the
telegram-bot-api-spec project; see ``data/LICENSE-bot-api-spec``).  Parameters arrive as
strings (query or form), JSON values or uploaded files; :meth:`Spec.validate` checks each
against its declared types, converts it, and answers Telegram's 400 when it is wrong.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from sandbox.errors import bad_request

_INT_RE = re.compile(r"^-?\d+$")
_FLOAT_RE = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


@dataclass(frozen=True)
class Upload:
    """A file sent in a multipart request."""

    filename: str
    content_type: str
    data: bytes


class _Mismatch(Exception):
    pass


class Spec:
    def __init__(self, data: dict[str, Any]) -> None:
        self.version = str(data.get("version", ""))
        self.methods: dict[str, dict[str, Any]] = {
            name.lower(): m for name, m in data["methods"].items()
        }
        self.types: dict[str, dict[str, Any]] = data["types"]

    @classmethod
    def load(cls) -> Spec:
        text = (Path(__file__).parent / "data" / "bot-api.min.json").read_text("utf-8")
        return cls(json.loads(text))

    def method_name(self, name: str) -> str | None:
        """The canonical name of a method (Telegram's are case-insensitive)."""
        method = self.methods.get(name.lower())
        return method["name"] if method else None

    @cached_property
    def returns(self) -> dict[str, list[str]]:
        return {m["name"]: m.get("returns", []) for m in self.methods.values()}

    def validate(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """Checked, converted parameters; unknown parameters are dropped as Telegram does."""
        definition = self.methods[method.lower()]
        out: dict[str, Any] = {}
        for field in definition.get("fields", []):
            name = field["name"]
            if name not in params or params[name] is None:
                if field["required"]:
                    raise bad_request(f'parameter "{name}" is required')
                continue
            try:
                out[name] = self._coerce(params[name], field["types"], uploads=params)
            except _Mismatch as exc:
                raise bad_request(
                    f'field "{name}" must be of type {" or ".join(field["types"])}'
                    + (f" ({exc})" if str(exc) else "")
                ) from exc
        return out

    # -- types -------------------------------------------------------------------------

    def _coerce(self, value: Any, types: list[str], *, uploads: dict[str, Any]) -> Any:
        problems: list[str] = []
        for type_name in types:
            try:
                return self._one(value, type_name, uploads)
            except _Mismatch as exc:
                if str(exc):
                    problems.append(str(exc))
        raise _Mismatch("; ".join(problems))

    def _one(self, value: Any, type_name: str, uploads: dict[str, Any]) -> Any:
        if type_name.startswith("Array of "):
            items = _json(value)
            if not isinstance(items, list):
                raise _Mismatch()
            inner = type_name[len("Array of ") :]
            return [self._one(item, inner, uploads) for item in items]
        if type_name == "Integer":
            if isinstance(value, bool):
                raise _Mismatch()
            if isinstance(value, int):
                return value
            if isinstance(value, str) and _INT_RE.match(value.strip()):
                return int(value.strip())
            raise _Mismatch()
        if type_name == "Float":
            if isinstance(value, bool):
                raise _Mismatch()
            if isinstance(value, int | float):
                return float(value)
            if isinstance(value, str) and _FLOAT_RE.match(value.strip()):
                return float(value)
            raise _Mismatch()
        if type_name == "String":
            if isinstance(value, str):
                return value
            if isinstance(value, int | float) and not isinstance(value, bool):
                return str(value)
            raise _Mismatch()
        if type_name == "Boolean":
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.lower() in ("true", "false", "1", "0"):
                return value.lower() in ("true", "1")
            if isinstance(value, int) and value in (0, 1):
                return bool(value)
            raise _Mismatch()
        if type_name == "InputFile":
            if isinstance(value, Upload):
                return value
            if isinstance(value, str) and value.startswith("attach://"):
                attached = uploads.get(value[len("attach://") :])
                if isinstance(attached, Upload):
                    return attached
            raise _Mismatch()
        definition = self.types.get(type_name)
        if definition is None:
            raise _Mismatch(f"unknown type {type_name}")
        obj = _json(value)
        if not isinstance(obj, dict):
            raise _Mismatch()
        if "subtypes" in definition:
            return self._coerce(obj, definition["subtypes"], uploads=uploads)
        result: dict[str, Any] = {}
        for field in definition.get("fields", []):
            name = field["name"]
            if name not in obj or obj[name] is None:
                if field["required"]:
                    raise _Mismatch(f"{type_name}.{name} is required")
                continue
            try:
                result[name] = self._coerce(obj[name], field["types"], uploads=uploads)
            except _Mismatch as exc:
                raise _Mismatch(f"{type_name}.{name} is wrong {exc}".strip()) from exc
        return result


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError as exc:
            raise _Mismatch("not JSON") from exc
    return value
