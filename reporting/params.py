"""Report parameters arrive from anywhere: refuse control characters before they reach the database.

PostgreSQL rejects a NUL inside a string literal (psycopg raises before the query is sent), which
turned `?agency=%00` into a 500 there and a quiet 404 on SQLite. A parameter carrying a control
character or a lone surrogate is never a code, a date or a position we could hold, so it is a 400
with a reason, on every database.
"""

import functools
import re

from django.shortcuts import render
from django.utils.translation import gettext as _

_GARBAGE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def has_garbage(value):
    return isinstance(value, str) and _GARBAGE.search(value) is not None


def bad_parameter(request, path_values=None):
    """The name of the first query or path parameter that carries garbage, or None."""
    for name, values in request.GET.lists():
        if has_garbage(name) or any(has_garbage(value) for value in values):
            return name
    for name, value in (path_values or {}).items():
        if has_garbage(value):
            return name
    return None


def message(name):
    return _("The parameter “%(name)s” contains characters that are not allowed.") % {"name": _GARBAGE.sub("?", name)}


def plain_parameters(view):
    """Answer 400 with a readable page when any parameter of the request carries garbage."""

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        name = bad_parameter(request, kwargs)
        if name is not None:
            return render(request, "reporting/bad_request.html", {"message": message(name)}, status=400)
        return view(request, *args, **kwargs)

    return checked
