"""Hostile-looking names are names: imported unchanged, and inert in every spreadsheet made from them."""

import csv
import io

import openpyxl
import pytest

from agencies.models import StaffMember
from tests.agencies.test_roster_import import VI_HEADERS, run, write_csv, write_xlsx

NAMES = ['=HYPERLINK("http://evil.example","x")', "=cmd|' /C calc'!A0", "+SUM(1,2)", "@SUM(A1:A2)", "-1+2"]


def rows():
    return [[name, f"HN{number}", "", "", "Công chức", "SKHCN", "Chuyên viên", ""] for number, name in enumerate(NAMES)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_like_names_import_unchanged_and_export_inert(tree, tmp_path, fmt):
    from lms import spreadsheets

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
