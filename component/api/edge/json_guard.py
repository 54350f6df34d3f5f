"""Refuse hostile JSON request bodies before anything parses them for real (400, a TMF Error).

Every POST/PUT/PATCH body with a JSON media type is checked here, for every route behind the edge
(the TMF APIs, the hubs, `/listener`, `/admin`):
- nesting deeper than `MAX_DEPTH` (counted on the raw text, so a 10,000-level body never reaches a
  recursive parser);
- numbers the two databases cannot hold alike: `NaN`, `Infinity`, `-Infinity`, a float that overflows
  (`1e400`), an integer outside the signed 64-bit range (a 5,000-digit integer is refused by its length
  before Python converts it);
- strings (values or keys) holding a lone UTF-16 surrogate (`"\\ud800"`), which is not Unicode text and
  cannot be stored as UTF-8.
A body that is not JSON at all is left to the app, which answers its own 400.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from component.api.edge.body_limit import BODY_METHODS, read_body, replay
from component.api.edge.responses import send_json
from component.api.errors import error_body

MAX_DEPTH = 64
INT_MAX = 2**63 - 1
INT_MIN = -(2**63)
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


class HostileJson(ValueError):
    """A JSON body the component refuses; the message says why."""


class JsonGuard:
    def __init__(self, app: ASGIApp, max_depth: int = MAX_DEPTH) -> None:
        self.app = app
        self.max_depth = max_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        body = await read_body(receive, None)
        try:
            check(body or b"", self.max_depth)
        except HostileJson as refusal:
            await send_json(send, 400, error_body(400, str(refusal)))
            return
        await self.app(scope, replay(body or b"", receive), send)


def check(raw: bytes, max_depth: int = MAX_DEPTH) -> None:
    """Raise HostileJson when `raw` is JSON the component refuses; return when it is acceptable or not JSON."""
    depth = nesting_depth(raw)
    if depth > max_depth:
        raise HostileJson(f"the JSON body is nested {depth} levels deep; at most {max_depth} are accepted")
    try:
        value = json.loads(raw, parse_constant=_refuse_constant, parse_int=_bounded_int, parse_float=_finite_float)
    except HostileJson:
        raise
    except ValueError:
        return  # not JSON (or not UTF-8): the app's own validation answers
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as error:
        raise HostileJson("strings must be Unicode text: the body holds a lone UTF-16 surrogate") from error


def nesting_depth(raw: bytes) -> int:
    """The deepest nesting of arrays and objects in `raw`, brackets inside strings not counted."""
    depth = deepest = 0
    for bracket in _BRACKET.finditer(_STRING.sub(b'""', raw)):
        if bracket.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _refuse_constant(name: str) -> Any:
    raise HostileJson(f"{name} is not a JSON number")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > 19 or not INT_MIN <= int(text) <= INT_MAX:
        raise HostileJson(f"integer {text[:30]}{'...' if len(text) > 30 else ''} is outside the 64-bit range")
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise HostileJson(f"number {text[:30]}{'...' if len(text) > 30 else ''} is too large")
    return value


def _is_json(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            media_type = value.split(b";")[0].strip().lower()
            return media_type.endswith(b"json")
    return False
