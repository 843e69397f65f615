"""Statement processors: functions other apps register to run for every stored statement.

They run inside the transaction that stores the statement, whatever its source (the site's own pages,
an external tool posting to /xapi/, a batch), so progress can never disagree with the record.

A processor may say which statements it cares about with `cares(statement)`, a cheap test of the
statement as sent (a dict, before it is stored). A statement no processor cares about may be stored in
autocommit, without a transaction; a processor registered without `cares` cares about every statement.
"""

_registry = []
_cares = {}


def _always(statement):
    return True


def register(fn, cares=None):
    if fn not in _registry:
        _registry.append(fn)
    _cares[fn] = cares or _always
    return fn


def unregister(fn):
    if fn in _registry:
        _registry.remove(fn)
    _cares.pop(fn, None)


def any_cares(statement):
    return any(_cares.get(fn, _always)(statement) for fn in list(_registry))


def run(statement):
    for fn in list(_registry):
        fn(statement)
