"""`audit_certificates` on the demo province: it lists the certificates an older version let through and
nothing else, and changes nothing unless asked to revoke.

An older version stamped a learner's browser statements with the site's own authority (the migration that
introduced sources can only call them "site") and believed any credential. These tests store statements
exactly that way and rebuild progress from them, which is what a deployment carried over holds.
"""

import csv
import io
import uuid

import pytest
from django.core.management import call_command

from .support import Browser, course_run, statement

pytestmark = pytest.mark.django_db


def as_the_old_site(*statements):
    """Store statements the way the older version stored a browser session's: with the site's authority."""
    from xapi.models import Source
    from xapi.store import Writer, site_authority, store

    return store(list(statements), "1.0.3", Writer(authority=site_authority(), source=Source.SITE))


@pytest.fixture
def province(demo_site, eager_celery, django_capture_on_commit_callbacks, django_user_model, client):
    """The demo data, one honest certificate, and three forged ones from the attacks of the older version."""
    from certificates.models import Certificate
    from certificates.services import sweep
    from courses.models import CoursePage
    from courses.services import course_activity_id, enrol, rebuild_progress, trust_tool
    from tests.courses.conftest import lessons_of
    from tests.xapi.support import LRS
    from xapi.services import create_credential

    basic = CoursePage.objects.get(slug="ky-nang-so-co-ban")
    commerce = CoursePage.objects.get(slug="thuong-mai-dien-tu-cho-ho-san-xuat")
    honest = django_user_model.objects.get(email="hocvien@kynangso.local")
    with django_capture_on_commit_callbacks(execute=True):
        Browser(honest).learn(basic, lessons_of(basic))

    # 1: a learner off the roster "passes" a civil-servants course with score 0 through their session.
    outsider = django_user_model.objects.get(email="doanhnghiep@kynangso.local")
    registration = uuid.uuid4()
    lessons = lessons_of(basic)
    as_the_old_site(
        statement(outsider, "registered", course_activity_id(basic), registration),
        *course_run(outsider, lessons, registration, {"score": {"scaled": 0}, "success": True}),
    )
    # 2: "registered" and a course-level "completed" through the session, no lesson done.
    citizen = django_user_model.objects.create_user(
        "dan", "dan@example.vn", "mat-khau-rat-dai-2026", full_name="Hồ Văn Dân"
    )
    registration = uuid.uuid4()
    as_the_old_site(
        statement(citizen, "registered", course_activity_id(commerce), registration),
        statement(citizen, "completed", course_activity_id(commerce), registration,
                  result={"completion": True, "success": True}),
    )  # fmt: skip
    rebuild_progress()
    # 3: a tool that was trusted then, and no longer is, wrote a passing run about someone.
    victim = django_user_model.objects.create_user(
        "lan", "lan@example.vn", "mat-khau-rat-dai-2026", full_name="Trần Thị Lan"
    )
    credential, key, secret = create_credential("Công cụ cũ", scopes=["statements/write"])
    tool = trust_tool(credential, [commerce])
    enrolment = enrol(victim, commerce)
    run = course_run(victim, lessons_of(commerce), enrolment.registration, {"score": {"scaled": 0.95}, "success": True})
    with django_capture_on_commit_callbacks(execute=True):
        LRS(client, key, secret).store(*run)
    tool.delete()
    sweep()
    certificates = {c.learner_id: c.code for c in Certificate.objects.filter(revoked_at__isnull=True)}
    assert set(certificates) == {honest.pk, outsider.pk, citizen.pk, victim.pk}
    return {
        "honest": certificates[honest.pk],
        "forged": {certificates[outsider.pk], certificates[citizen.pk], certificates[victim.pk]},
    }


def test_the_audit_lists_exactly_the_forged_certificates_and_changes_nothing(province):
    from certificates.models import Certificate

    out = io.StringIO()
    call_command("audit_certificates", "--format", "csv", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    header, listed = rows[0], rows[1:]
    assert header[0] == "Mã" or header[0] == "Code"
    assert {row[0] for row in listed} == province["forged"]
    assert all(row[4] for row in listed)  # each with its reason
    assert Certificate.objects.filter(revoked_at__isnull=True).count() == 4

    table = io.StringIO()
    call_command("audit_certificates", stdout=table)
    assert "3" in table.getvalue().splitlines()[-1]
    assert province["honest"] not in table.getvalue()


def test_the_audit_revokes_what_it_lists_when_asked(province):
    from certificates.models import Certificate

    call_command("audit_certificates", "--revoke", stdout=io.StringIO(), stderr=io.StringIO())
    valid = set(Certificate.objects.filter(revoked_at__isnull=True).values_list("code", flat=True))
    assert valid == {province["honest"]}
    revoked = Certificate.objects.filter(code__in=province["forged"])
    assert all("audit" in c.revoked_reason for c in revoked)
    out = io.StringIO()
    call_command("audit_certificates", "--format", "csv", stdout=out)
    assert len(out.getvalue().strip().splitlines()) == 1  # the header only
