"""The monthly e-mail: each HR officer gets their own summary and untrained list, nobody else's."""

import csv
import io

import openpyxl
import pytest

from tests.reporting.conftest import D

pytestmark = pytest.mark.django_db


def test_each_hr_officer_gets_their_own_summary(hr_officers, mailoutbox, eager_celery):
    from reporting.emails import send_monthly_summaries

    assert send_monthly_summaries(D) == 2
    by_recipient = {message.to[0]: message for message in mailoutbox}
    science = by_recipient["hr.skhcn@nghean.gov.vn"]
    assert science.subject == "Tỷ lệ bao phủ đào tạo ngày 01/10/2025"
    assert "Sở Khoa học và Công nghệ: 3/7 (42,9%)" in science.body
    assert "Sở Y tế" not in science.body
    names = [name for name, _content, _type in science.attachments]
    assert names == ["chua-dao-tao-cbccvc-SKHCN-20251001.csv", "chua-dao-tao-cbccvc-SKHCN-20251001.xlsx"]
    text = science.attachments[0][1]  # Django hands text attachments back decoded
    text = text.decode("utf-8") if isinstance(text, bytes) else text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row[0] for row in rows[1:]] == ["CB-B", "CB-C", "CB-E", "CB-F"]
    sheet = openpyxl.load_workbook(io.BytesIO(science.attachments[1][1])).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["CB-B", "CB-C", "CB-E", "CB-F"]
    health = by_recipient["hr.syt@nghean.gov.vn"]
    assert "Sở Y tế: 2/4 (50,0%)" in health.body and "Khoa học" not in health.body


def test_the_monthly_task_is_scheduled(settings, hr_officers, mailoutbox, eager_celery):
    from reporting.tasks import monthly_summaries

    entry = settings.CELERY_BEAT_SCHEDULE["reporting-monthly-summaries"]
    assert entry["task"] == "reporting.monthly_summaries"
    assert entry["schedule"].day_of_month == {1} and entry["schedule"].hour == {7}
    monthly_summaries.delay()
    assert len(mailoutbox) == 2
