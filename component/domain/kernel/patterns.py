"""The one regular-expression engine of TMF630 `attr*=regex` filters and hub queries: RE2.

RE2 runs in time linear in the text, so a pattern such as `^(a+)+$` cannot backtrack for seconds (on the
event loop or in a SQLite function). Its syntax is Python's without backreferences and look-around;
a pattern RE2 does not accept is an InvalidQuery (400), on every database alike.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import re2

from component.domain.kernel.errors import InvalidQuery

MAX_PATTERN_LENGTH = 1000
_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # a client's bad pattern is a 400, not a line on stderr


@lru_cache(maxsize=512)
def compile_pattern(raw: str) -> Any:
    """The compiled pattern; InvalidQuery when it is too long or not a pattern RE2 accepts."""
    if len(raw) > MAX_PATTERN_LENGTH:
        raise InvalidQuery(f"a regular expression is at most {MAX_PATTERN_LENGTH} characters")
    try:
        return re2.compile(raw, _OPTIONS)
    except (re2.error, TypeError, ValueError) as error:
        raise InvalidQuery(f"invalid regular expression {raw[:80]!r}: {error}") from error


def search(raw: str, text: str) -> bool:
    """Whether the pattern `raw` occurs in `text` (a pattern already accepted by `compile_pattern`)."""
    return compile_pattern(raw).search(text) is not None
