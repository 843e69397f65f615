"""Exports of exactly what the pages show: CSV and XLSX (Vietnamese headers, plain numbers), JSON.

The tree: one row per agency in tree order; the XLSX has a sheet per tree level. The people lists:
one row per person.
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from common import spreadsheets


def _agency():
    # Its own context: the agencies app translates a bare "Agency" as "Cơ quan, đơn vị", and its catalog comes first.
    return pgettext("report column", "Agency")


def tree_headers(target):
    from .models import TargetKind

    if target.kind == TargetKind.ENROLMENTS:
        return [_("Level"), _("Agency code"), _agency(), _("Parent agency code"), _("Enrolments")]
    population = _("Agencies counted") if target.kind == TargetKind.PRESENCE else _("Staff counted")
    trained = _("Agencies covered") if target.kind == TargetKind.PRESENCE else _("Trained")
    return [_("Level"), _("Agency code"), _agency(), _("Parent agency code"), population, trained, _("Percent")]


def tree_rows(result):
    from .models import TargetKind

    parents = {}
    for row in result.rows:
        for child in row.children:
            parents[child.agency_id] = row.code
    rows = []
    for row in result.rows:
        values = [row.level, row.code, row.name, parents.get(row.agency_id, "")]
        if result.target.kind == TargetKind.ENROLMENTS:
            values.append(row.trained)
        else:
            values += [row.population, row.trained, row.percent if row.percent is not None else ""]
        rows.append(values)
    return rows


def people_headers():
    return [
        _("Staff code"),
        _("Full name"),
        _("Category"),
        _("Position"),
        _("Agency code"),
        _agency(),
        _("Status"),
        _("Certificate code"),
        _("Certificate date"),
        _("Progress (%)"),
        _("Last activity"),
    ]


def people_rows(rows):
    from django.utils import timezone

    return [
        [
            row.staff_code,
            row.full_name,
            row.category_label,
            row.position,
            row.agency_code,
            row.agency_name,
            str(row.status_label),
            row.certificate_code,
            row.certificate_date.strftime("%d/%m/%Y") if row.certificate_date else "",
            row.progress,
            timezone.localtime(row.last_activity).strftime("%d/%m/%Y %H:%M") if row.last_activity else "",
        ]
        for row in rows
    ]


def to_csv(headers, rows):
    return spreadsheets.csv_bytes(headers, rows)


def tree_csv(result):
    return to_csv(tree_headers(result.target), tree_rows(result))


def tree_xlsx(result):
    """A sheet per tree level ("Cấp 1", "Cấp 2", ...), each row an agency of that level."""
    workbook = spreadsheets.new_workbook()
    headers, rows = tree_headers(result.target), tree_rows(result)
    levels = sorted({row[0] for row in rows}) or [1]
    for level in levels:
        title = _("Level %(level)s") % {"level": level}
        spreadsheets.add_sheet(workbook, title, headers, [r for r in rows if r[0] == level])
    return spreadsheets.workbook_bytes(workbook)


def people_csv(rows):
    return to_csv(people_headers(), people_rows(rows))


def people_xlsx(rows, title):
    workbook = spreadsheets.new_workbook()
    spreadsheets.add_sheet(workbook, title, people_headers(), people_rows(rows))
    return spreadsheets.workbook_bytes(workbook)


def tree_json(result):
    return {
        "target": result.target.code,
        "date": result.on_date.isoformat(),
        "population": result.population,
        "trained": result.trained,
        "percent": result.percent,
        "agencies": [
            {
                "code": row.code,
                "name": row.name,
                "kind": row.kind,
                "level": row.level,
                "population": row.population,
                "trained": row.trained,
                "percent": row.percent,
            }
            for row in result.rows
        ],
    }


# A course's results (reporting.course_results): the tables of the page, as sheets or one after another.


def course_results_tables(result):
    """[(title, headers, rows)]: the learners, completions by month, the final quiz, each question."""
    learners = (
        _("Learners"),
        [_("Figure"), _("Count"), _("Percent of enrolled")],
        [
            [_("Enrolled"), result.enrolled, 100.0 if result.enrolled else ""],
            [_("Not started"), result.not_started, _blank(result.not_started_percent)],
            [_("In progress"), result.in_progress, _blank(result.in_progress_percent)],
            [_("Completed"), result.completed, _blank(result.completed_percent)],
            [_("Valid certificates"), result.certified, ""],
        ],
    )
    months = (
        _("Completions by month"),
        [_("Month"), _("Completions")],
        [[row.month.strftime("%m/%Y"), row.completions] for row in result.by_month],
    )
    quiz_rows = []
    if result.quiz is not None:
        quiz_rows = [
            [_("Attempts"), result.attempts],
            [_("Passed attempts"), result.passed],
            [_("Pass rate (%)"), _blank(result.pass_rate)],
            [_("Average score (%)"), _blank(result.average)],
            [_("Learners who took the quiz"), result.learners_tried],
            [_("Learners who passed"), result.learners_passed],
        ]
    quiz = (_("Final quiz"), [_("Figure"), _("Value")], quiz_rows)
    questions = (
        _("Questions"),
        [
            _("No."),
            _("Question"),
            _("Times answered"),
            _("Answered right"),
            _("Percent right"),
            _("Most chosen wrong answer"),
            _("Times chosen"),
        ],
        [
            [q.number, q.text, q.answered, q.right, _blank(q.percent_right), q.common_wrong, q.common_wrong_times]
            for q in result.questions
        ],
    )
    return [learners, months, quiz, questions]


def _blank(value):
    return "" if value is None else value


def course_results_csv(result):
    """The tables one after another, each under its title, a blank line between them."""
    tables = course_results_tables(result)
    first_title = tables[0][0]
    rows = []
    for number, (title, headers, body) in enumerate(tables):
        if number:
            rows += [[], [title], headers]
        rows += body
    return to_csv([result.course.title], [[first_title], tables[0][1], *rows])


def course_results_xlsx(result):
    workbook = spreadsheets.new_workbook()
    for title, headers, rows in course_results_tables(result):
        spreadsheets.add_sheet(workbook, title, headers, rows)
    return spreadsheets.workbook_bytes(workbook)
