"""Reading a roster file (CSV or XLSX) into a header row and numbered data rows."""

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from common.text import match_key


class RosterFileError(Exception):
    """The file as a whole cannot be read (wrong format, no header, missing columns)."""


# Column -> the headers (compared by `match_key`) that name it, Vietnamese and English.
COLUMN_HEADERS = {
    "full_name": ["ho va ten", "ho ten", "ten", "full name", "name"],
    "staff_code": ["ma can bo", "ma cb", "ma so can bo", "ma nhan vien", "ma so", "staff code", "code"],
    "email": ["email", "e mail", "thu dien tu", "dia chi email"],
    "phone": ["so dien thoai", "dien thoai", "sdt", "so dt", "phone", "phone number", "mobile"],
    "category": ["loai", "loai can bo", "phan loai", "doi tuong", "category"],
    "agency_code": ["ma don vi", "ma co quan", "ma co quan don vi", "agency code", "agency"],
    "position": ["chuc vu", "position", "title"],
    "it_officer": ["phu trach cntt", "can bo phu trach cntt", "it officer", "is it officer"],
}
HEADER_TO_COLUMN = {header: column for column, headers in COLUMN_HEADERS.items() for header in headers}
REQUIRED_COLUMNS = ["full_name", "staff_code", "category"]


@dataclass
class RosterFile:
    columns: dict  # column name -> index in a row
    rows: list  # (line number, [cell values])
    ignored_headers: list = field(default_factory=list)


def read_roster_file(source, name, *, agency_given=False):
    """Read `source` (a path or a binary file object) named `name` (.csv or .xlsx)."""
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        lines = _csv_rows(source)
    elif suffix in (".xlsx", ".xlsm"):
        lines = _xlsx_rows(source)
    else:
        raise RosterFileError(_("The roster must be a CSV or an Excel (.xlsx) file."))
    header_line, header = None, None
    rows = []
    for line, cells in lines:
        if not any(_filled(cell) for cell in cells):
            continue
        if header is None:
            header_line, header = line, cells
            continue
        rows.append((line, cells))
    if header is None:
        raise RosterFileError(_("The file is empty."))
    columns, ignored = {}, []
    for index, title in enumerate(header):
        key = match_key(title)
        column = HEADER_TO_COLUMN.get(key)
        if column is None:
            if key:
                ignored.append(str(title))
            continue
        if column in columns:
            raise RosterFileError(
                _("Line %(line)s: two columns mean the same thing (“%(header)s”).")
                % {"line": header_line, "header": title}
            )
        columns[column] = index
    required = REQUIRED_COLUMNS if agency_given else [*REQUIRED_COLUMNS, "agency_code"]
    missing = [column for column in required if column not in columns]
    if missing:
        raise RosterFileError(
            _("Line %(line)s: the header has no column for %(columns)s. Expected headers: %(expected)s.")
            % {
                "line": header_line,
                "columns": ", ".join(str(COLUMN_LABELS[column]) for column in missing),
                "expected": ", ".join(str(label) for label in COLUMN_LABELS.values()),
            }
        )
    return RosterFile(columns=columns, rows=rows, ignored_headers=ignored)


def _filled(cell):
    return cell is not None and str(cell).strip() != ""


def _open_binary(source):
    if isinstance(source, (str, Path)):
        return open(source, "rb")  # noqa: SIM115 (closed by the caller's context)
    source.seek(0)
    return source


def _csv_rows(source):
    handle = _open_binary(source)
    try:
        data = handle.read()
    finally:
        if isinstance(source, (str, Path)):
            handle.close()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise RosterFileError(
                _("The CSV file is not in UTF-8: save it again as “CSV UTF-8” and upload it again.")
            ) from None
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error as exc:
        raise RosterFileError(
            _("Line %(line)s: the CSV file cannot be read (%(error)s).") % {"line": reader.line_num, "error": exc}
        ) from None


def _xlsx_rows(source):
    from openpyxl import load_workbook

    try:
        target = source if isinstance(source, (str, Path)) else _open_binary(source)
        workbook = load_workbook(target, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a file that is not a workbook
        raise RosterFileError(_("The Excel file cannot be opened: is it really an .xlsx file?")) from None
    try:
        sheet = workbook.worksheets[0]
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, list(cells)
    finally:
        workbook.close()


# Labels for messages; Vietnamese headers first as users write them.
class _Label:
    def __init__(self, vietnamese, english):
        self.vietnamese, self.english = vietnamese, english

    def __str__(self):
        return f"“{self.vietnamese}” / “{self.english}”"


COLUMN_LABELS = {
    "full_name": _Label("Họ và tên", "full_name"),
    "staff_code": _Label("Mã cán bộ", "staff_code"),
    "email": _Label("Email", "email"),
    "phone": _Label("Số điện thoại", "phone"),
    "category": _Label("Loại", "category"),
    "agency_code": _Label("Mã đơn vị", "agency_code"),
    "position": _Label("Chức vụ", "position"),
    "it_officer": _Label("Phụ trách CNTT", "it_officer"),
}
# The header row of a roster file as HR officers write it: every column, in this order, in Vietnamese.
VIETNAMESE_HEADERS = [label.vietnamese for label in COLUMN_LABELS.values()]
