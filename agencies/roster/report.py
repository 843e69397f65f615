"""Presenting an import result to people: per-row errors, counts, lists (command line and admin)."""

from django.utils.translation import gettext as _

from ..models import StaffMember


def error_text(line, message):
    if line is None:
        return str(message)
    return _("Line %(line)s: %(message)s") % {"line": line, "message": message}


def field_labels(names):
    labels = []
    for name in names:
        field = StaffMember._meta.get_field(name.removesuffix("_id"))
        labels.append(str(field.verbose_name))
    return ", ".join(labels)


def summary(result):
    counts = {
        "created": len(result.created),
        "updated": len(result.updated),
        "deactivated": len(result.deactivated),
        "unchanged": result.unchanged,
    }
    if result.applied:
        return (
            _("Created %(created)s, updated %(updated)s, deactivated %(deactivated)s, unchanged %(unchanged)s.")
            % counts
        )
    return (
        _(
            "Would create %(created)s, update %(updated)s, deactivate %(deactivated)s; "
            "%(unchanged)s unchanged. Nothing was saved."
        )
        % counts
    )


def failure(result):
    return _("%(count)s rows have errors: nothing was imported. Correct them and import the file again.") % {
        "count": len([1 for line, _message in result.errors if line is not None]) or len(result.errors)
    }
