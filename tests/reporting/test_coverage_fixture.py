"""The hand-computed fixture through the service: exact figures at every level."""

import datetime

import pytest
from django.test.utils import CaptureQueriesContext

from tests.reporting.conftest import BEFORE_MOVE, EXPECTED, EXPECTED_ENROLMENTS, EXPECTED_PRESENCE, D

pytestmark = pytest.mark.django_db


def figures(result):
    return {row.code: (row.population, row.trained) for row in result.rows}


@pytest.mark.parametrize("on", [D, BEFORE_MOVE], ids=["report-day", "before-the-move"])
def test_percentage_target_at_every_level(province, on):
    from reporting.services import coverage

    result = coverage(province["targets"]["cbccvc"], on)
    assert figures(result) == EXPECTED[on]
    assert (result.population, result.trained) == EXPECTED[on]["UBND"]


def test_percent_and_tree_shape(province):
    from reporting.services import coverage

    result = coverage(province["targets"]["cbccvc"], D)
    assert result.row("UBND").percent == 45.5
    assert result.row("SKHCN").percent == 42.9
    assert result.row("SKHCN-TT").percent == 100.0
    assert result.row("SKHCN-TT").status == "met"
    assert result.row("SYT").status == "behind"
    assert [row.code for row in result.roots] == ["UBND"]
    assert [row.code for row in result.row("UBND").children] == ["SKHCN", "SYT"]
    assert {row.code: row.level for row in result.rows} == {
        "UBND": 1, "SKHCN": 2, "SKHCN-TT": 3, "SYT": 2, "SYT-BV": 3,
    }  # fmt: skip


def test_under_a_root(province):
    from reporting.services import coverage

    result = coverage(province["targets"]["cbccvc"], D, root=province["agencies"]["SYT"])
    assert figures(result) == {"SYT": (4, 2), "SYT-BV": (2, 1)}
    assert result.row("SYT").level == 1


def test_certificate_revoked_later_or_issued_later_changes_with_the_date(province):
    from reporting.services import coverage

    target = province["targets"]["cbccvc"]
    # After K's revocation (01/11) and J's issue (05/10): SYT still 1 of 2.
    assert figures(coverage(target, datetime.date(2025, 11, 2)))["SYT"] == (4, 2)
    # Between J's issue and K's revocation: both trained.
    assert figures(coverage(target, datetime.date(2025, 10, 6)))["SYT"] == (4, 3)


def test_all_courses_match(province):
    from reporting.models import Match
    from reporting.services import coverage

    target = province["targets"]["cbccvc"]
    target.match = Match.ALL
    target.tracks = []
    target.save()
    target.courses.set([province["courses"]["basic"], province["courses"]["it"]])
    # Only A holds both a basic and an IT-officer certificate.
    assert figures(coverage(target, D))["UBND"] == (11, 1)


def test_presence_target(province):
    from reporting.services import coverage

    assert figures(coverage(province["targets"]["cntt"], D)) == EXPECTED_PRESENCE


def test_enrolment_target(province):
    from reporting.services import coverage, enrolment_summary

    summary = enrolment_summary(province["targets"]["tmdt"], D)
    assert {"total": summary.total, "by_category": summary.by_category} == EXPECTED_ENROLMENTS
    assert summary.percent == 0.1
    tree = figures(coverage(province["targets"]["tmdt"], D))
    assert tree["UBND"] == (0, 1) and tree["SKHCN"] == (0, 1) and tree["SYT"] == (0, 0)


def test_a_fixed_number_of_queries(province, django_assert_max_num_queries):
    from django.db import connection

    from reporting.services import coverage

    target = province["targets"]["cbccvc"]
    with CaptureQueriesContext(connection) as small:
        coverage(target, D)
    # More agencies and people do not mean more queries.
    from agencies.models import StaffMember
    from agencies.services import AgencyKind, create_agency, save_staff_member

    for number in range(5):
        unit = create_agency(
            code=f"SYT-X{number}", name=f"Đơn vị {number}", kind=AgencyKind.UNIT, parent=province["agencies"]["SYT"]
        )
        save_staff_member(StaffMember(agency=unit, staff_code=f"X{number}", full_name="Người mới", category="cadre"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        result = coverage(target, D)
    assert result.row("SYT").population == 4  # the new people start today, after D


def test_people_statuses(province):
    from reporting.services import people

    rows = {row.staff_code: row for row in people(province["targets"]["cbccvc"], province["agencies"]["SKHCN"], D)}
    assert set(rows) == {"CB-A", "CB-B", "CB-C", "CB-E", "CB-F", "CB-G", "CB-I"}
    assert rows["CB-A"].status == "trained" and rows["CB-A"].certificate_code.startswith("KNS-TEST-")
    assert rows["CB-A"].certificate_date == datetime.date(2025, 3, 1)
    # B's only certificate was revoked: the HR officer sees that, and why, rather than "not started".
    assert rows["CB-B"].status == "revoked" and rows["CB-B"].note == "Cấp nhầm"
    assert rows["CB-C"].status == "expired"
    assert rows["CB-E"].status == "not_started"
    assert rows["CB-I"].agency_code == "SKHCN-TT"
    hospital = {r.staff_code: r for r in people(province["targets"]["cbccvc"], province["agencies"]["SYT-BV"], D)}
    assert hospital["CB-M"].status == "in_progress" and hospital["CB-M"].progress == 0
    untrained = people(province["targets"]["cbccvc"], province["agencies"]["SKHCN"], D, status="untrained")
    # By given name in Vietnamese order: Bình, Cường, Én, Phúc.
    assert [row.staff_code for row in untrained] == ["CB-B", "CB-C", "CB-E", "CB-F"]
    assert [r.staff_code for r in people(province["targets"]["cbccvc"], province["agencies"]["UBND"], D,
                                          category="cadre")] == ["CB-B", "CB-K"]  # fmt: skip
    assert [r.staff_code for r in people(province["targets"]["cbccvc"], province["agencies"]["UBND"], D,
                                          position="giám đốc")] == ["CB-B", "CB-K"]  # fmt: skip


def test_demo_seeds_the_three_targets_once(db):
    from reporting import demo
    from reporting.models import Target

    class Report:
        made = []

        def created(self, what):
            self.made.append(what)

    demo.seed(Report())
    demo.seed(Report())
    assert Report.made == ["chỉ tiêu ky-nang-so", "chỉ tiêu phu-trach-cntt", "chỉ tiêu thuong-mai-dien-tu"]
    kinds = dict(Target.objects.values_list("code", "kind"))
    assert kinds == {"ky-nang-so": "percentage", "phu-trach-cntt": "presence", "thuong-mai-dien-tu": "enrolments"}
    assert Target.objects.get(code="thuong-mai-dien-tu").goal == 3000
