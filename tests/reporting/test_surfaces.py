"""The same hand-computed figures through the page, each export and the command; scoping of HR officers."""

import csv
import io
import json
import re

import openpyxl
import pytest
from django.core.management import call_command

from tests.reporting.conftest import BEFORE_MOVE, EXPECTED, EXPECTED_PRESENCE, D

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model, province):
    admin = django_user_model.objects.create(username="qt-tinh", email="qt.tinh@nghean.gov.vn", is_superuser=True)
    client.force_login(admin)
    return client


def from_page(client, target, on):
    response = client.get("/reports/coverage/", {"target": target, "date": on.strftime("%d/%m/%Y")})
    assert response.status_code == 200
    found = re.findall(r'data-code="([^"]+)" data-population="(\d+)" data-trained="(\d+)"', response.content.decode())
    return {code: (int(p), int(t)) for code, p, t in found}


def from_csv_bytes(content):
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Cấp", "Mã cơ quan", "Cơ quan"]
    return {row[1]: (int(row[4]), int(row[5])) for row in rows[1:]}


def from_xlsx_bytes(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Cấp 1", "Cấp 2", "Cấp 3"]
    figures = {}
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][4] in ("Số người được tính", "Số cơ quan được tính")
        for row in rows[1:]:
            assert isinstance(row[4], int) and isinstance(row[5], int)  # numbers, not text
            figures[row[1]] = (row[4], row[5])
    return figures


def from_csv(client, target, on):
    response = client.get("/reports/coverage.csv", {"target": target, "date": on.strftime("%d/%m/%Y")})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return from_csv_bytes(response.content)


def from_xlsx(client, target, on):
    response = client.get("/reports/coverage.xlsx", {"target": target, "date": on.isoformat()})
    assert response.status_code == 200
    return from_xlsx_bytes(response.content)


def from_command_json(client, target, on):
    out = io.StringIO()
    call_command("coverage_report", "--target", target, "--date", on.strftime("%d/%m/%Y"), "--format", "json",
                 stdout=out)  # fmt: skip
    document = json.loads(out.getvalue())
    return {a["code"]: (a["population"], a["trained"]) for a in document["agencies"]}


def from_command_csv(client, target, on):
    out = io.StringIO()
    call_command("coverage_report", "--target", target, "--date", on.isoformat(), "--format", "csv", stdout=out)
    return from_csv_bytes(out.getvalue().encode())


def from_command_xlsx(client, target, on, tmp_path=None):
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        call_command("coverage_report", "--target", target, "--date", on.isoformat(), "--format", "xlsx",
                     "--output", handle.name, stdout=io.StringIO())  # fmt: skip
        return from_xlsx_bytes(open(handle.name, "rb").read())  # noqa: SIM115


def from_command_table(client, target, on):
    out = io.StringIO()
    call_command("coverage_report", "--target", target, "--date", on.isoformat(), stdout=out)
    figures = {}
    for line in out.getvalue().splitlines()[2:]:
        parts = line.split()
        numbers = [p for p in parts if re.fullmatch(r"[\d.]+", p)]
        figures[parts[0]] = (int(numbers[0]), int(numbers[1]))
    return figures


SURFACES = [from_page, from_csv, from_xlsx, from_command_json, from_command_csv, from_command_xlsx, from_command_table]


@pytest.mark.parametrize("surface", SURFACES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("on", [D, BEFORE_MOVE], ids=["report-day", "before-the-move"])
def test_percentage_figures_everywhere(admin_client, surface, on):
    assert surface(admin_client, "cbccvc", on) == EXPECTED[on]


@pytest.mark.parametrize("surface", [from_page, from_csv, from_command_json], ids=lambda f: f.__name__)
def test_presence_figures_everywhere(admin_client, surface):
    assert surface(admin_client, "cntt", D) == EXPECTED_PRESENCE


def test_page_shows_vietnamese_numbers_and_the_enrolment_count(admin_client):
    page = admin_client.get("/reports/coverage/", {"target": "cbccvc", "date": "01/10/2025"}).content.decode()
    assert "45,5%" in page and "01/10/2025" in page and "31/12/2025" in page
    page = admin_client.get("/reports/coverage/", {"target": "tmdt", "date": "01/10/2025"}).content.decode()
    assert 'data-total="2"' in page and "3.000" in page
    assert re.search(r'data-category="civil_servant"><td>[^<]+</td><td class="num">1<', page)
    assert re.search(r'data-category="cooperative"><td>hợp tác xã</td><td class="num">1<', page)
    page = admin_client.get("/reports/coverage/", {"target": "cntt", "date": "01/10/2025"}).content.decode()
    assert re.search(r'<tr data-code="SKHCN"><td>[^<]+</td>\s*<td class="status-met">có</td>', page)
    assert re.search(r'<tr data-code="SYT"><td>[^<]+</td>\s*<td class="status-behind">không</td>', page)


def test_people_page_and_exports(admin_client):
    url = "/reports/coverage/cbccvc/SKHCN/people/"
    page = admin_client.get(url, {"date": "01/10/2025", "status": "untrained"}).content.decode()
    assert re.findall(r'data-staff="([^"]+)"', page) == ["CB-B", "CB-C", "CB-E", "CB-F"]
    page = admin_client.get(url, {"date": "01/10/2025"}).content.decode()
    assert 'data-staff="CB-A" data-status="trained"' in page and "01/03/2025" in page
    response = admin_client.get(
        "/reports/coverage/cbccvc/SKHCN/people.csv", {"date": "01/10/2025", "status": "untrained"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Mã cán bộ", "Họ và tên"]
    assert [row[0] for row in rows[1:]] == ["CB-B", "CB-C", "CB-E", "CB-F"]
    response = admin_client.get("/reports/coverage/cbccvc/SKHCN/people.xlsx", {"date": "01/10/2025"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 1 + 7
    a = next(row for row in values if row[0] == "CB-A")
    assert a[6] == "đã đào tạo" and a[8] == "01/03/2025" and a[9] == 100


def test_hr_officers_of_sibling_agencies_see_only_their_own(client, hr_officers):
    client.force_login(hr_officers["SKHCN"])
    assert from_page(client, "cbccvc", D) == {"SKHCN": (7, 3), "SKHCN-TT": (2, 2)}
    assert from_csv(client, "cbccvc", D) == {"SKHCN": (7, 3), "SKHCN-TT": (2, 2)}
    assert client.get("/reports/coverage/cbccvc/SKHCN-TT/people/").status_code == 200
    # Guessing another agency's URL: the same 404 as an agency that does not exist.
    for url in (
        "/reports/coverage/cbccvc/SYT/people/",
        "/reports/coverage/cbccvc/SYT-BV/people.xlsx",
        "/reports/coverage/cbccvc/UBND/people.csv",
        "/reports/coverage/cbccvc/KHONG-CO/people/",
        "/reports/coverage/?agency=SYT",
        "/reports/coverage.xlsx?agency=UBND",
    ):
        assert client.get(url).status_code == 404, url
    client.force_login(hr_officers["SYT"])
    assert from_page(client, "cbccvc", D) == {"SYT": (4, 2), "SYT-BV": (2, 1)}
    assert client.get("/reports/coverage/cbccvc/SKHCN/people/").status_code == 404


def test_sign_in_required_and_no_scope_no_report(client, province, django_user_model):
    response = client.get("/reports/coverage/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(django_user_model.objects.create(username="hocvien", email="hv@example.vn"))
    assert client.get("/reports/coverage/").status_code == 404
    assert client.get("/reports/coverage.csv").status_code == 404


def test_bad_date_on_the_page_is_explained(admin_client):
    page = admin_client.get("/reports/coverage/", {"target": "cbccvc", "date": "31/02/2025"}).content.decode()
    assert "không phải là một ngày" in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--target", "khong-co"], "Không có chỉ tiêu"),
        (["--agency", "KHONG-CO"], "Không có cơ quan"),
        (["--date", "31/02/2025"], "không phải là một ngày"),
        (["--format", "xlsx"], "--output"),
    ],
)
def test_command_errors_are_clear(province, args, message):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("coverage_report", *args, stderr=err, stdout=io.StringIO())
    assert exit_info.value.code == 2
    assert message in err.getvalue() and "Traceback" not in err.getvalue()
