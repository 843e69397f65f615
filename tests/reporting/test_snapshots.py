"""Nightly snapshots (idempotent), the trend chart and the forecast."""

import datetime

import pytest

from tests.reporting.conftest import D

pytestmark = pytest.mark.django_db


def test_snapshots_are_stored_once_per_target_agency_and_day(province, eager_celery):
    from reporting.models import CoverageSnapshot
    from reporting.services import take_snapshots
    from reporting.tasks import snapshot

    assert take_snapshots(D) == 15  # 3 targets x 5 agencies
    assert take_snapshots(D) == 15
    assert CoverageSnapshot.objects.count() == 15
    stored = CoverageSnapshot.objects.get(target__code="cbccvc", agency__code="UBND", date=D)
    assert (stored.population, stored.trained) == (11, 5)
    snapshot.delay()  # today: another day's rows, through the task
    assert CoverageSnapshot.objects.exclude(date=D).count() == 15


def test_the_nightly_task_is_scheduled_at_one_in_the_morning(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reporting-snapshots"]
    assert entry["task"] == "reporting.snapshot"
    assert entry["schedule"].hour == {1} and entry["schedule"].minute == {0}
    assert settings.CELERY_TIMEZONE == "Asia/Ho_Chi_Minh"


def make_series(province, percents, start):
    from reporting.models import CoverageSnapshot

    target, agency = province["targets"]["cbccvc"], province["agencies"]["UBND"]
    for offset, percent in enumerate(percents):
        CoverageSnapshot.objects.create(
            target=target, agency=agency, date=start + datetime.timedelta(days=offset), population=100, trained=percent
        )
    return target, agency


def test_forecast_at_the_current_pace(province):
    from reporting.services import forecast, trend

    target, agency = make_series(province, [50, 52, 54, 56, 58], datetime.date(2025, 9, 1))
    result = forecast(target, trend(target, agency))
    # 2 points a day from 58% on 05/09: 100% on 26/09, before the deadline.
    assert result.reached_on == datetime.date(2025, 9, 26) and result.on_time


def test_forecast_not_reachable_and_shown_on_the_page(province, client, django_user_model):
    from reporting.services import forecast, trend

    target, agency = make_series(province, [50, 50, 51, 51, 51], datetime.date(2025, 9, 1))
    assert forecast(target, trend(target, agency)).reached_on is None
    admin = django_user_model.objects.create(username="qt", email="qt@nghean.gov.vn", is_superuser=True)
    client.force_login(admin)
    page = client.get("/reports/coverage/", {"target": "cbccvc", "date": "01/10/2025"}).content.decode()
    assert "<polyline" in page and "không đạt được với tốc độ hiện tại" in page.lower()
