"""What the LRS accepts at most, checked in Python so that SQLite and PostgreSQL refuse the same requests.

The identifier limits are those of the indexed columns (xapi/models.py); PostgreSQL enforces them and
SQLite does not, so both would otherwise behave differently. Neither database's text can hold NUL, and
a lone surrogate (a "\\ud800" escape) is not text at all: both are refused wherever text is stored.
"""

import json
import re

from .errors import BadRequest

# JSON nesting: arrays and objects inside one another. A statement needs about six levels.
MAX_DEPTH = 64
ACTIVITY_ID_MAX = 2048
VERB_ID_MAX = 512
AGENT_IFI_MAX = 512
DOCUMENT_ID_MAX = 2048
CONTENT_TYPE_MAX = 255
STATEMENT_VERSION_MAX = 20

_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")


def _reject_constant(name):
    raise BadRequest(f"{name} is not a JSON number")


def _finite(text):
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise BadRequest(f"{text[:20]} is out of range for a JSON number")
    return value


def has_bad_text(value):
    return bool(_NOT_TEXT.search(value))


def check_text(value, what):
    """A string bound for the database: no NUL, no lone surrogate."""
    if isinstance(value, str) and has_bad_text(value):
        raise BadRequest(f"{what} contains a NUL character or an unpaired surrogate")
    return value


def check_params(params):
    """Query (or alternate-syntax form) parameters: every name and value must be storable text."""
    for name, values in params.lists():
        check_text(name, "a parameter name")
        for value in values:
            check_text(value, f"the parameter {name}")


def check_length(value, limit, what):
    if isinstance(value, str) and len(value) > limit:
        raise BadRequest(f"{what} longer than {limit} characters")
    return value


def check_tree(value, what, allow_nul=False):
    """Walk parsed JSON without recursion: refuse nesting past MAX_DEPTH and strings a database cannot hold."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            items = node.items()
        elif isinstance(node, list):
            items = ((None, item) for item in node)
        else:
            if isinstance(node, str):
                _check_string(node, what, allow_nul)
            continue
        if depth > MAX_DEPTH:
            raise BadRequest(f"{what} is nested deeper than {MAX_DEPTH} levels")
        for key, item in items:
            if key is not None:
                _check_string(key, what, allow_nul)
            if isinstance(item, dict | list):
                stack.append((item, depth + 1))
            elif isinstance(item, str):
                _check_string(item, what, allow_nul)
    return value


def _check_string(text, what, allow_nul):
    match = _NOT_TEXT.search(text)
    if match is None:
        return
    if match.group() == "\x00":
        if allow_nul and not _NOT_TEXT.search(text.replace("\x00", "")):
            return
        raise BadRequest(f"{what} contains a NUL character (\\u0000), which the LRS does not store")
    raise BadRequest(f"{what} contains an unpaired surrogate escape, which is not text")


def parse_json(raw, what="the body", allow_nul=False):
    """Strict JSON from request bytes: UTF-8, no NaN or Infinity, bounded nesting, storable strings."""
    try:
        text = bytes(raw).decode("utf-8") if not isinstance(raw, str) else raw
    except UnicodeDecodeError as exc:
        raise BadRequest(f"{what} is not UTF-8") from exc
    try:
        value = json.loads(text, parse_constant=_reject_constant, parse_float=_finite)
    except RecursionError as exc:
        raise BadRequest(f"{what} is nested deeper than {MAX_DEPTH} levels") from exc
    except BadRequest as exc:
        raise BadRequest(f"{what}: {exc.reason}") from exc
    except (TypeError, ValueError) as exc:
        raise BadRequest(f"{what} is not valid JSON") from exc
    return check_tree(value, what, allow_nul=allow_nul)
