"""CSV and XLSX writing that never hands a spreadsheet program a formula.

Roster names are free text typed by agencies: a name such as `=HYPERLINK(...)` or `=cmd|' /C calc'!A0` is
a name to us but a formula to Excel or LibreOffice when the export is opened (CSV injection). Every text
cell starting with one of `= + - @`, a tab or a carriage return gets a leading `'`, in CSV and XLSX
alike, so the cell stays inert even after the sheet is edited or saved back to CSV; XLSX text cells are
written as strings, never formulas. Numbers stay numbers. Imports nothing from the project's apps, so
every app may use it.
"""

import csv
import io

from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    """`value` with a leading `'` when it is text a spreadsheet would read as a formula; others unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(values):
    # gettext_lazy proxies are text too, though not `str` instances.
    return [safe_text(str(value) if isinstance(value, Promise) else value) for value in values]


class InertExportMixin:
    """For Wagtail index views with `list_export`: their CSV and XLSX downloads escaped the same way.

    Wagtail turns XLSX formulas into strings but writes CSV cells as they are.
    """

    def preprocess_field_value(self, field, value, export_format):
        return safe_text(super().preprocess_field_value(field, value, export_format))


def csv_bytes(headers, rows):
    """UTF-8 with a byte-order mark, so spreadsheet programs read the Vietnamese right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(headers))
    writer.writerows(safe_row(row) for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def append_row(sheet, values):
    """Append `values` to an openpyxl sheet: text as string cells (escaped), numbers as numbers."""
    cells = []
    for value in safe_row(values):
        if isinstance(value, str):
            # XML 1.0 cannot carry most control characters; openpyxl would refuse the whole workbook.
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cells.append(value)
    sheet.append(cells)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def add_sheet(workbook, title, headers, rows):
    """A sheet with bold, frozen headers and columns as wide as their content (capped)."""
    sheet = workbook.create_sheet(title=ILLEGAL_CHARACTERS_RE.sub("", title)[:31])
    append_row(sheet, headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, row)
    sheet.freeze_panes = "A2"
    for column, header in zip(sheet.columns, headers, strict=False):
        width = max([len(str(header))] + [len(str(cell.value or "")) for cell in column][:200])
        sheet.column_dimensions[column[0].column_letter].width = min(60, width + 2)
    return sheet


def new_workbook():
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def workbook_bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
