"""A unit's people for a target: each person's status, the list HR officers chase.

Statuses: trained (a valid certificate: its code and date), expired (only certificates that have
expired), revoked (the latest certificate was revoked, with the reason), in progress (enrolled in a
course of the target, with its percent done as the learner sees it: `courses.services.percents_done`), not
started. A fixed number of queries, whatever the number of people and courses.

Searching and ordering happen here, in Python, on the placements already loaded for the statuses: the
search folds case and Vietnamese diacritics (`common.text.fold`) the same way on every database, and the
order is Vietnamese alphabetical order by given name (`common.text.vietnamese_name_key`), which neither
SQLite nor a PostgreSQL without ICU collations gives. Both run over the whole filtered set before anyone
pages through it, so page 2 continues page 1 and the exports hold every match. A department of 5,000
people costs some tens of milliseconds for this; the statuses (needed for the status filter and the
"trained" count anyway) are computed only for the people the search keeps.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from agencies.services import placements_on
from certificates.services import expired_holders, latest_revocations, valid_certificates
from common.text import fold, vietnamese_name_key
from courses.services import last_activity, percents_done

from .coverage import course_groups, course_ids, end_of_day, today
from .models import Match, TargetKind

TRAINED, IN_PROGRESS, NOT_STARTED, EXPIRED = "trained", "in_progress", "not_started", "expired"
REVOKED = "revoked"
STATUSES = {
    TRAINED: _("trained"),
    IN_PROGRESS: _("in progress"),
    NOT_STARTED: _("not started"),
    EXPIRED: _("certificate expired"),
    REVOKED: _("certificate revoked"),
}
UNTRAINED = {IN_PROGRESS, NOT_STARTED, EXPIRED, REVOKED}


@dataclass
class PersonRow:
    staff_id: int
    staff_code: str
    full_name: str
    category: str
    category_label: str
    position: str
    agency_code: str
    agency_name: str
    status: str
    certificate_code: str = ""
    certificate_date: object = None
    progress: int = 0
    last_activity: object = None
    # Why the latest certificate was revoked (evidence voided, an administrator's reason).
    note: str = ""

    @property
    def status_label(self):
        return STATUSES[self.status]


def search_words(search):
    """The words of a search, folded: "  Nguyễn  AN " gives ["nguyen", "an"]."""
    return fold(search).split()


def matches(staff, words):
    """Every word of the search is in the person's name, staff code or roster e-mail (any case, any accents)."""
    if not words:
        return True
    haystack = fold(f"{staff.full_name} {staff.staff_code} {staff.email}")
    return all(word in haystack for word in words)


def people(target, agency, on_date=None, *, category="", status="", position="", search=""):
    """Everyone counted for `target` in `agency`'s subtree on `on_date`, with their status.

    For a presence target: the IT officers. Filters: a staff category, a status (or "untrained" for
    every status but trained), a position (contains, any case), a search (every word in the name, the
    staff code or the e-mail, without regard to case or diacritics). In Vietnamese order of given names,
    then full names, then staff codes.
    """
    on_date = on_date or today()
    placements = placements_on(on_date, agency).select_related("staff", "agency")
    if target.kind == TargetKind.PRESENCE:
        placements = placements.filter(staff__is_it_officer=True)
    elif target.staff_categories:
        placements = placements.filter(staff__category__in=target.staff_categories)
    if category:
        placements = placements.filter(staff__category=category)
    if position:
        placements = placements.filter(staff__position__icontains=position)
    words = search_words(search)
    placements = [placement for placement in placements if matches(placement.staff, words)]
    placements.sort(key=lambda p: (vietnamese_name_key(p.staff.full_name), p.staff.staff_code))
    user_ids = [p.staff.user_id for p in placements if p.staff.user_id]
    groups = course_groups(target)
    ids = course_ids(target)

    valid = {}
    for row in (
        valid_certificates(on_date)
        .filter(learner_id__in=user_ids, course_id__in=ids)
        .values("learner_id", "course_id", "code", "issued_on")
        .order_by("issued_on")
    ):
        valid.setdefault(row["learner_id"], []).append(row)
    expired = expired_holders(user_ids, ids, on_date)
    # The latest certificate revoked by that day and not replaced: the HR officer sees why it no longer counts.
    revoked = latest_revocations(user_ids, ids, end_of_day(on_date))
    progress = {}
    for (user_id, _course_id), percent in percents_done(user_ids, ids, enrolled_before=end_of_day(on_date)).items():
        progress[user_id] = max(progress.get(user_id, 0), percent)
    activity = last_activity(user_ids)

    def is_trained(certificates):
        held = {row["course_id"] for row in certificates}
        if target.match == Match.ANY:
            return bool(held)
        return all(held.intersection(group) for group in groups)

    rows = []
    for placement in placements:
        staff, user_id = placement.staff, placement.staff.user_id
        row = PersonRow(
            staff_id=staff.pk,
            staff_code=staff.staff_code,
            full_name=staff.full_name,
            category=staff.category,
            category_label=str(staff.get_category_display()),
            position=staff.position,
            agency_code=placement.agency.code,
            agency_name=placement.agency.name,
            status=NOT_STARTED,
            last_activity=activity.get(user_id),
        )
        certificates = valid.get(user_id, [])
        if user_id and certificates and is_trained(certificates):
            row.status, row.progress = TRAINED, 100
            row.certificate_code = certificates[-1]["code"]
            row.certificate_date = certificates[-1]["issued_on"]
        elif user_id in expired:
            row.status = EXPIRED
        elif user_id in revoked:
            row.status, row.certificate_code = REVOKED, revoked[user_id]["code"]
            row.note = revoked[user_id]["revoked_reason"]
        elif user_id in progress:
            row.status, row.progress = IN_PROGRESS, progress[user_id]
        rows.append(row)
    if status == "untrained":
        rows = [row for row in rows if row.status in UNTRAINED]
    elif status:
        rows = [row for row in rows if row.status == status]
    return rows
