"""Signals other apps listen to (the certificates app issues a certificate on `course_completed`).

`course_completed` is sent with sender=Completion and `completion=` the new Completion, inside the
transaction that stored the statement which completed the course: a listener that starts a task
should do it in `transaction.on_commit`. It is not sent again by `rebuild_progress`.
"""

from django.dispatch import Signal

course_completed = Signal()

# Sent with sender=Completion, `completion=` and `reason=` (English, for the record) just before a
# completion is deleted because its evidence was voided; certificates revokes what it issued for it.
completion_withdrawn = Signal()
