"""Hostile-looking names are names: imported unchanged, and inert in every spreadsheet made from them."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from agencies.models import StaffMember
from tests.agencies.test_roster_import import VI_HEADERS, run, write_csv, write_xlsx

NAMES = ['=HYPERLINK("http://evil.example","x")', "=cmd|' /C calc'!A0", "+SUM(1,2)", "@SUM(A1:A2)", "-1+2"]


def rows():
    return [[name, f"HN{number}", "", "", "Công chức", "SKHCN", "Chuyên viên", ""] for number, name in enumerate(NAMES)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_like_names_import_unchanged_and_export_inert(tree, tmp_path, fmt):
    from common import spreadsheets

    path = tmp_path / f"roster.{fmt}"
    if fmt == "csv":
        write_csv(path, VI_HEADERS, rows())
    else:
        write_xlsx(path, VI_HEADERS, rows())
        # As Excel stores a typed text such as '=cmd...: a string cell, not a formula.
        workbook = openpyxl.load_workbook(path)
        for row, name in zip(workbook.active.iter_rows(min_row=2), NAMES, strict=True):
            row[0].value, row[0].data_type = name, "s"
        workbook.save(path)
    run(path)
    stored = dict(StaffMember.objects.filter(staff_code__startswith="HN").values_list("staff_code", "full_name"))
    assert sorted(stored.values()) == sorted(NAMES)

    # The shared writer every export goes through (reporting's people lists use it the same way).
    headers = ["Họ và tên", "Mã cán bộ"]
    data = [[name, code] for code, name in sorted(stored.items())]
    text = spreadsheets.csv_bytes(headers, data).decode("utf-8-sig")
    assert {row[0] for row in list(csv.reader(io.StringIO(text)))[1:]} == {"'" + name for name in NAMES}
    workbook = spreadsheets.new_workbook()
    spreadsheets.add_sheet(workbook, "HN", headers, data)
    sheet = openpyxl.load_workbook(io.BytesIO(spreadsheets.workbook_bytes(workbook))).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert {cell.value for cell in cells} == {"'" + name for name in NAMES}
    assert {cell.data_type for cell in cells} == {"s"}


def test_the_admin_staff_list_downloads_are_inert(client, tree, make_staff, django_user_model):
    for number, name in enumerate(NAMES):
        make_staff(tree["science"], f"HN{number}", name=name, position="@Trưởng phòng")
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "pw-root-2026"))
    url = reverse("agencies_staff:index")
    response = client.get(url, {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))[1:]
    assert {row[0] for row in rows} == {"'" + name for name in NAMES}
    assert {row[4] for row in rows} == {"'@Trưởng phòng"}
    response = client.get(url, {"export": "xlsx"})
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert {cell.value for cell in cells} == {"'" + name for name in NAMES}
    assert {cell.data_type for cell in cells} == {"s"}
