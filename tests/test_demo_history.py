"""seed_demo's year of history: believable coverage, made the way real learning makes it, once, fast enough;
and the demo as `make run` shows it, in Debian's Chromium: the demo HR officer finds their department
partly trained, with a year of coverage on the trend chart. One test, so the demo is seeded once."""

import re
import time
from io import StringIO

import pytest

from tests.browser.journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(db):
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("seed_demo", "--allow-production", stdout=StringIO())
    seconds = time.perf_counter() - started
    print(f"seed_demo with its history: {seconds:.1f} s")  # noqa: T201 (the figure the README quotes)
    return seconds


def test_the_history_gives_believable_coverage_made_by_the_normal_path(seeded, page, live_server, screenshot_dir):
    from django.core.management import call_command
    from django.utils import timezone

    from certificates.audit import audit
    from certificates.demo import REVOCATION_REASON
    from certificates.models import Certificate
    from courses.models import Completion, Enrolment
    from reporting.coverage import coverage, enrolment_summary
    from reporting.models import CoverageSnapshot, Target
    from xapi.models import Statement

    target = Target.objects.get(code="ky-nang-so")
    result = coverage(target)
    assert 30 <= result.percent <= 70
    percents = [row.percent for row in result.rows if row.population >= 10]
    assert any(p > 90 for p in percents) and any(p < 10 for p in percents)

    today = timezone.localdate()
    demo = Certificate.objects.filter(learner__username__startswith="hv-")
    assert demo.filter(expires_on__lt=today, revoked_at__isnull=True).exists()
    revoked = demo.filter(revoked_at__isnull=False)
    assert revoked.count() == 1 and revoked.get().revoked_reason == REVOCATION_REASON
    # Each certificate comes from a completion the statement processor made, dated its completion's day.
    assert demo.count() == Completion.objects.filter(enrolment__user__username__startswith="hv-").count()
    assert all(c.issued_on == c.completed_on for c in demo.only("issued_on", "completed_on"))
    assert audit() == []  # every valid certificate rests on trusted statements

    months = {s.date.replace(day=1) for s in CoverageSnapshot.objects.filter(target=target, agency__depth=1)}
    assert len(months) >= 12
    trend = sorted(CoverageSnapshot.objects.filter(target=target, agency__depth=1), key=lambda s: s.date)
    assert trend[0].trained < trend[-1].trained

    assert enrolment_summary(Target.objects.get(code="thuong-mai-dien-tu")).total > 100
    in_progress = Enrolment.objects.filter(user__username__startswith="hv-", completion__isnull=True)
    assert in_progress.filter(lesson_progress__isnull=False).distinct().count() > 20
    assert in_progress.filter(attempts__passed=False).exists()  # failed once, not passed yet

    statements = Statement.objects.count()
    call_command("seed_demo", "--allow-production", stdout=StringIO())
    assert Statement.objects.count() == statements
    assert Certificate.objects.filter(revoked_reason=REVOCATION_REASON).count() == 1

    base = live_server.url
    sign_in(page, base, "hr.skhcn@kynangso.local", "hr-kns-2026")
    page.goto(f"{base}/reports/coverage/?target=ky-nang-so")
    department = page.locator("li.node[data-code='SKHCN']")
    population = int(department.get_attribute("data-population"))
    trained = int(department.get_attribute("data-trained"))
    assert 0 < trained < population
    trend = page.locator("section#trend")
    assert trend.locator("svg polyline").count() == 1
    assert "13" in trend.inner_text()  # twelve month-ends and today
    forecast = re.compile(r"^Với tốc độ hiện tại, sẽ đạt 100% vào ngày \d\d/\d\d/\d{4}\.$")
    assert forecast.match(trend.locator(".forecast").inner_text()), trend.inner_text()
    page.screenshot(path=screenshot_dir / "demo-coverage.png", full_page=True)

    # The department's people: some trained, some part-way through the course...
    department.locator(".tree-row a").first.click()
    page.wait_for_url("**/people/**")
    statuses = {row.get_attribute("data-status") for row in page.locator("tr[data-staff]").all()}
    # ...and the 2024 pilot class, whose certificates have expired.
    assert {"trained", "in_progress", "expired"} <= statuses, statuses
    page.screenshot(path=screenshot_dir / "demo-people.png", full_page=True)

    # The province administrator: every department, from well below to well above the average, on the trend.
    page.context.clear_cookies()
    sign_in(page, base, "quantritinh@kynangso.local", "quantritinh-kns-2026")
    page.goto(f"{base}/reports/coverage/?target=ky-nang-so")
    assert page.locator("section#trend svg polyline").count() == 1
    assert forecast.match(page.locator("section#trend .forecast").inner_text())
    assert page.locator("li.node").count() >= 5
    page.screenshot(path=screenshot_dir / "demo-coverage-province.png", full_page=True)

    # The revoked certificate shows against its holder in their agency's list.
    from agencies.services import staff_member_for

    holder = staff_member_for(revoked.get().learner)
    page.goto(f"{base}/reports/coverage/ky-nang-so/{holder.agency.code}/people/?q={holder.staff_code}")
    row = page.locator(f"tr[data-staff='{holder.staff_code}']")
    assert row.get_attribute("data-status") == "revoked" and "thu hồi" in row.inner_text()
    page.screenshot(path=screenshot_dir / "demo-people-revoked.png", full_page=True)

    # E-commerce enrolments count toward the 3,000.
    page.goto(f"{base}/reports/coverage/?target=thuong-mai-dien-tu")
    assert int(page.locator(".report-summary .figure").get_attribute("data-total")) > 100
    page.screenshot(path=screenshot_dir / "demo-ecommerce-enrolments.png", full_page=True)
