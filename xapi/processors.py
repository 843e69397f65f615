"""Statement processors: functions other apps register to run for every stored statement.

They run inside the transaction that stores the statement, whatever its source (the site's own pages,
an external tool posting to /xapi/, a batch), so progress can never disagree with the record.
"""

_registry = []


def register(fn):
    if fn not in _registry:
        _registry.append(fn)
    return fn


def unregister(fn):
    if fn in _registry:
        _registry.remove(fn)


def run(statement):
    for fn in list(_registry):
        fn(statement)
