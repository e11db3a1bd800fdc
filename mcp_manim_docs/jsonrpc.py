"""JSON-RPC 2.0 on the wire, shared by both transports: bytes in, a JSON value out, replies back.

Tolerant where real clients slip, strict where a message means nothing:
- bytes that are not UTF-8 become U+FFFD, and so does a lone UTF-16 surrogate ("\\ud83d", half
  an emoji a JavaScript client sliced): the request is still answered, and nothing written back
  can fail to encode;
- text that is not JSON (NaN and Infinity included), nested too deeply, or bigger than
  MAX_MESSAGE_BYTES gets a JSON-RPC error, with the request's id when it can be read.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
INTERNAL_ERROR = -32603

# A 200 000-character scene file (validate_manim_code's limit) fits even fully \u-escaped.
MAX_MESSAGE_BYTES = 4 * 1024 * 1024

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ID = rb'(-?\d{1,18}|"[^"\\]{0,200}")'
# The id of a message whose body cannot be parsed, when it is the top object's first key (after
# "jsonrpc": Python clients) or its last key (JavaScript clients); never one nested in params.
_ID_FIRST = re.compile(rb'^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*' + _ID)
_ID_LAST = re.compile(rb'[,{]\s*"id"\s*:\s*' + _ID + rb"\s*\}\s*$")


class WireError(Exception):
    """A message that cannot be read: answered with a JSON-RPC error carrying `msg_id`."""

    def __init__(self, code: int, message: str, msg_id: str | int | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.msg_id = code, message, msg_id

    def reply(self) -> dict[str, Any]:
        return error_reply(self.msg_id, self.code, self.message)


def error_reply(msg_id: Any, code: int, message: str) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": message}}


def too_large(head: bytes, tail: bytes = b"") -> WireError:
    """The error for a message over MAX_MESSAGE_BYTES, of which only the ends were kept."""
    limit = f"{MAX_MESSAGE_BYTES // (1024 * 1024)} MiB"
    return WireError(
        INVALID_REQUEST,
        f"Invalid Request: the message is larger than {limit}; send smaller arguments "
        "(validate_manim_code takes one scene file of up to 200 000 characters).",
        guess_id(head, tail),
    )


def guess_id(head: bytes, tail: bytes = b"") -> str | int | None:
    """The id of an unparseable message, when its top level shows one unambiguously."""
    for pattern, text in ((_ID_FIRST, head), (_ID_LAST, tail or head)):
        found = pattern.search(text)
        if found:
            try:
                value = json.loads(found.group(1))
            except ValueError:
                continue
            if isinstance(value, str | int):
                return value
    return None


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number out of range: {text[:40]}")
    return value


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def decode(raw: bytes) -> Any:
    """The JSON value of one message; WireError when there is none."""
    if len(raw) > MAX_MESSAGE_BYTES:
        raise too_large(raw[:4096], raw[-4096:])
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
    try:
        value = json.loads(text, parse_float=_finite, parse_constant=_no_constants)
    except RecursionError:
        raise WireError(PARSE_ERROR, "Parse error: JSON nested too deeply.") from None
    except ValueError as exc:
        raise WireError(PARSE_ERROR, f"Parse error: not JSON ({exc}).", guess_id(raw)) from None
    if _SURROGATE_ESCAPE.search(text):
        value = repair_surrogates(value)
    return value


def _repair(text: str) -> str:
    if not _SURROGATE.search(text):
        return text
    # Pairs join into their character; a lone half becomes U+FFFD.
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def repair_surrogates(value: Any) -> Any:
    """`value` with every string (keys too) made valid Unicode; iterative, so depth is no risk."""
    if isinstance(value, str):
        return _repair(value)
    if not isinstance(value, dict | list):
        return value
    root: list[Any] = [value]
    stack: list[tuple[Any, Any]] = [(root, 0)]
    while stack:
        container, key = stack.pop()
        item = container[key]
        if isinstance(item, str):
            container[key] = _repair(item)
        elif isinstance(item, list):
            stack.extend((item, i) for i in range(len(item)))
        elif isinstance(item, dict):
            repaired = {_repair(k): v for k, v in item.items()}
            container[key] = repaired
            stack.extend((repaired, k) for k in repaired)
    return root[0]


def encode(reply: Any) -> bytes:
    """One line of compact JSON (no newline), always valid UTF-8."""
    text = json.dumps(reply, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.encode("utf-8", errors="replace")
