import csv
import datetime
import io
import unicodedata

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import Workbook

from agencies import services
from agencies.models import StaffMember, StaffPlacement

VI_HEADERS = [
    "Họ và tên",
    "Mã cán bộ",
    "Email",
    "Số điện thoại",
    "Loại",
    "Mã đơn vị",
    "Chức vụ",
    "Phụ trách CNTT",
]
EN_HEADERS = [
    "full_name",
    "staff_code",
    "email",
    "phone",
    "category",
    "agency_code",
    "position",
    "it_officer",
]

GOOD_ROWS = [
    [
        "Nguyễn Văn An",
        "NA001",
        "An.Nguyen@NgheAn.gov.vn",
        "0912 345 678",
        "Công chức",
        "SKHCN",
        "Chuyên viên",
        "x",
    ],
    ["Trần Thị Bình", "NA002", "", "+84987654321", "viên chức", "SKHCN-TT", "Kỹ sư", ""],
    ["Lê Văn Cường", "NA003", "cuong@nghean.gov.vn", "84356789012", "cán bộ", "SYT", "Phó Giám đốc", "không"],
    ["Hồ Thị Dung", "NA004", "", "", "Người lao động", "xa-namdan-thcs", "Bảo vệ", "có"],
]


def write_csv(path, headers, rows, delimiter=","):
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def write_xlsx(path, headers, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    with translation.override("vi"):
        call_command("import_roster", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_vietnamese_csv_imports_and_normalises(tree, tmp_path):
    # Headers in odd case and spacing, a name in decomposed Unicode (as some Mac exports write it).
    headers = [
        "  HỌ VÀ TÊN",
        "mã  cán bộ",
        "EMAIL",
        "Số Điện Thoại",
        "loại",
        "Ma don vi",
        "Chức vụ",
        "Phụ trách CNTT",
    ]
    rows = [list(row) for row in GOOD_ROWS]
    rows[0][0] = unicodedata.normalize("NFD", rows[0][0])
    out, _err = run(write_csv(tmp_path / "roster.csv", headers, rows))
    assert "Đã tạo 4" in out

    an = StaffMember.objects.get(staff_code="NA001")
    assert an.full_name == "Nguyễn Văn An" and unicodedata.is_normalized("NFC", an.full_name)
    assert an.email == "an.nguyen@nghean.gov.vn"
    assert an.phone == "+84912345678"
    assert an.category == "civil_servant" and an.is_it_officer and an.agency.code == "SKHCN"
    assert StaffMember.objects.get(staff_code="NA003").phone == "+84356789012"
    dung = StaffMember.objects.get(staff_code="NA004")
    assert dung.category == "worker" and dung.is_it_officer and dung.agency.code == "XA-NAMDAN-THCS"
    assert StaffPlacement.objects.filter(end_date__isnull=True).count() == 4


def test_reimporting_the_same_file_changes_nothing(tree, tmp_path):
    path = write_csv(tmp_path / "roster.csv", VI_HEADERS, GOOD_ROWS)
    run(path)
    before = list(StaffMember.objects.order_by("pk").values_list("pk", "updated_at"))
    result = services.import_roster(path, path.name)
    assert result.ok and result.applied
    assert (len(result.created), len(result.updated), result.unchanged) == (0, 0, 4)
    assert list(StaffMember.objects.order_by("pk").values_list("pk", "updated_at")) == before
    assert StaffPlacement.objects.count() == 4


def test_english_headers_in_xlsx(tree, tmp_path):
    rows = [list(row) for row in GOOD_ROWS]
    rows[1][3] = 987654321  # a number cell that lost its leading zero
    rows[1][4] = "public_employee"
    rows[2][4] = "cadre"
    rows[3][7] = 1
    path = write_xlsx(tmp_path / "roster.xlsx", EN_HEADERS, rows)
    result = services.import_roster(path, path.name)
    assert result.ok, result.errors
    binh = StaffMember.objects.get(staff_code="NA002")
    assert binh.phone == "+84987654321" and binh.category == "public_employee"
    assert StaffMember.objects.get(staff_code="NA004").is_it_officer


def test_a_file_with_bad_rows_changes_nothing_and_says_why_per_row(tree, tmp_path, make_staff):
    make_staff(tree["science"], "OLD001", name="Phan Văn Cũ")
    services.merge_agency(tree["school"], tree["commune"])
    rows = [
        GOOD_ROWS[0],
        ["", "NA010", "", "", "công chức", "SKHCN", "", ""],  # line 3: no name
        ["Võ Văn Em", "NA001", "", "", "công chức", "SKHCN", "", ""],  # line 4: duplicate code
        ["Đặng Thị Giang", "NA011", "", "", "công chức", "SXYZ", "", ""],  # line 5: unknown agency
        ["Bùi Văn Hải", "NA012", "", "0123", "công chức", "SYT", "", ""],  # line 6: bad phone
        ["Đỗ Thị Hoa", "NA013", "hoa@", "", "công chức", "SYT", "", ""],  # line 7: bad e-mail
        ["Ngô Văn Khánh", "NA014", "", "", "hợp đồng", "SYT", "", ""],  # line 8: unknown category
        [
            "Dương Thị Lan",
            "NA015",
            "",
            "",
            "viên chức",
            "XA-NAMDAN-THCS",
            "",
            "có lẽ",
        ],  # line 9: merged, bad flag
        GOOD_ROWS[1],
    ]
    path = write_csv(tmp_path / "bad.csv", VI_HEADERS, rows)
    with pytest.raises(CommandError) as caught, translation.override("vi"):
        err = io.StringIO()
        call_command("import_roster", str(path), stdout=io.StringIO(), stderr=err)
    assert "không nhập gì" in str(caught.value)
    lines = err.getvalue().splitlines()
    assert lines[0] == "Dòng 3: thiếu họ và tên"
    assert lines[1] == "Dòng 4: mã cán bộ NA001 bị trùng với dòng 2"
    assert lines[2] == "Dòng 5: không có đơn vị mang mã “SXYZ”"
    assert lines[3].startswith("Dòng 6: “0123” không phải là số điện thoại Việt Nam hợp lệ")
    assert lines[4] == "Dòng 7: “hoa@” không phải là địa chỉ email hợp lệ."
    assert lines[5].startswith("Dòng 8: loại “hợp đồng” không hợp lệ")
    assert lines[6].startswith("Dòng 9: “có lẽ” ở cột “Phụ trách CNTT”")
    assert "đã sáp nhập vào Xã Nam Đàn" in lines[6]
    assert len(lines) == 7
    assert list(StaffMember.objects.values_list("staff_code", flat=True)) == ["OLD001"]


def test_missing_columns_are_named(tree, tmp_path):
    path = write_csv(tmp_path / "roster.csv", ["Họ và tên", "Email"], [["Nguyễn Văn An", ""]])
    with translation.override("vi"):
        result = services.import_roster(path, path.name)
    assert not result.ok
    assert "Mã cán bộ" in result.errors[0][1] and "Mã đơn vị" in result.errors[0][1]


def test_not_a_roster_file(tree, tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"this is not a workbook")
    with translation.override("vi"):
        result = services.import_roster(path, path.name)
    assert result.errors == [(None, "Không mở được tệp Excel: tệp có đúng định dạng .xlsx không?")]
    latin = tmp_path / "roster.csv"
    latin.write_bytes("Mã;Tên\n".encode("latin-1"))
    with translation.override("vi"):
        result = services.import_roster(latin, latin.name)
    assert "UTF-8" in result.errors[0][1]


def test_dry_run_lists_changes_and_saves_nothing(tree, tmp_path, make_staff):
    make_staff(tree["science"], "NA001", name="Nguyễn Văn An", email="old@nghean.gov.vn")
    make_staff(tree["science_centre"], "GONE01", name="Phạm Văn Đi")
    make_staff(tree["health"], "SYT900", name="Không Liên Quan")
    rows = [GOOD_ROWS[0], GOOD_ROWS[1]]
    out, _err = run(write_csv(tmp_path / "roster.csv", VI_HEADERS, rows), "--agency", "skhcn", "--dry-run")
    assert "Sẽ tạo (1):\n  NA002  Trần Thị Bình  (SKHCN-TT)" in out
    assert "Sẽ cập nhật (1):\n  NA001  Nguyễn Văn An: email, số điện thoại, chức vụ, phụ trách CNTT" in out
    assert "Sẽ chuyển sang ngừng hoạt động (1):\n  GONE01  Phạm Văn Đi  (SKHCN-TT)" in out
    assert "Không lưu gì" in out
    assert StaffMember.objects.count() == 3
    assert StaffMember.objects.get(staff_code="NA001").email == "old@nghean.gov.vn"
    assert StaffMember.objects.filter(active=True).count() == 3


def test_agency_import_deactivates_missing_staff_of_that_subtree_only(tree, tmp_path, make_staff):
    make_staff(tree["science_centre"], "GONE01", name="Phạm Văn Đi", on=datetime.date(2025, 1, 1))
    make_staff(tree["health"], "SYT900", name="Không Liên Quan")
    path = write_csv(tmp_path / "roster.csv", VI_HEADERS, [GOOD_ROWS[0], GOOD_ROWS[1]])
    out, _err = run(path, "--agency", "SKHCN")
    assert "Đã tạo 2, cập nhật 0, chuyển sang ngừng hoạt động 1" in out
    gone = StaffMember.objects.get(staff_code="GONE01")
    assert gone.active is False  # kept, not deleted
    assert not StaffPlacement.objects.filter(staff=gone, end_date__isnull=True).exists()
    assert StaffMember.objects.get(staff_code="SYT900").active is True
    # Back on a later file: reactivated, counted again.
    path = write_csv(
        tmp_path / "again.csv",
        VI_HEADERS,
        [*GOOD_ROWS[:2], ["Phạm Văn Đi", "GONE01", "", "", "viên chức", "SKHCN-TT", "", ""]],
    )
    result = services.import_roster(path, path.name, scope=services.agency_by_code("SKHCN"))
    assert result.ok and [code for code, _name, _fields in result.updated] == ["GONE01"]
    assert StaffMember.objects.get(staff_code="GONE01").active is True
    assert services.staff_on(datetime.date.today(), tree["science"]).count() == 3


def test_agency_import_refuses_rows_of_other_agencies(tree, tmp_path):
    path = write_csv(tmp_path / "roster.csv", VI_HEADERS, GOOD_ROWS)
    with translation.override("vi"):
        result = services.import_roster(path, path.name, scope=tree["science"])
    assert [line for line, _message in result.errors] == [4, 5]
    assert "không thuộc Sở Khoa học và Công nghệ" in result.errors[0][1]
    assert StaffMember.objects.count() == 0


def test_rows_without_agency_column_go_to_the_given_agency(tree, tmp_path):
    path = write_csv(tmp_path / "roster.csv", ["Họ và tên", "Mã cán bộ", "Loại"], [["Nguyễn Văn An", "NA001", "CC"]])
    result = services.import_roster(path, path.name, scope=tree["science_centre"])
    assert result.ok
    assert StaffMember.objects.get(staff_code="NA001").agency.code == "SKHCN-TT"


def test_a_move_between_agencies_is_recorded_in_the_history(tree, tmp_path, make_staff):
    make_staff(tree["health"], "NA001", name="Nguyễn Văn An", on=datetime.date(2024, 1, 1))
    path = write_csv(tmp_path / "roster.csv", VI_HEADERS, [GOOD_ROWS[0]])
    result = services.import_roster(path, path.name, on=datetime.date(2025, 6, 1))
    assert result.ok and result.updated[0][2] == ["agency_id", "email", "phone", "position", "is_it_officer"]
    history = list(
        StaffPlacement.objects.filter(staff__staff_code="NA001").values_list("agency__code", "start_date", "end_date")
    )
    assert history == [
        ("SYT", datetime.date(2024, 1, 1), datetime.date(2025, 6, 1)),
        ("SKHCN", datetime.date(2025, 6, 1), None),
    ]


def test_an_hr_officer_cannot_take_over_staff_of_another_department(tree, tmp_path, make_staff):
    make_staff(tree["health"], "NA003", name="Lê Văn Cường")
    allowed = [tree["science"].path]
    path = write_csv(
        tmp_path / "roster.csv",
        VI_HEADERS,
        [GOOD_ROWS[0], ["Lê Văn Cường", "NA003", "", "", "cán bộ", "SKHCN", "", ""]],
    )
    with translation.override("vi"):
        result = services.import_roster(path, path.name, allowed_paths=allowed)
    assert result.errors == [(3, "mã cán bộ NA003 thuộc một đơn vị nằm ngoài phạm vi bạn phụ trách")]
    assert StaffMember.objects.get(staff_code="NA003").agency.code == "SYT"


def test_query_count_does_not_grow_with_rows(tree, tmp_path):
    def queries_for(count, prefix):
        rows = [
            [f"Người Số {i}", f"{prefix}{i:05d}", "", f"09{i:08d}", "công chức", "SKHCN", "", ""] for i in range(count)
        ]
        path = write_csv(tmp_path / f"{prefix}.csv", VI_HEADERS, rows)
        with CaptureQueriesContext(connection) as queries:
            assert services.import_roster(path, path.name).ok
        return len(queries)

    # A query per row would be 1,500 or more; SQLite's 999-parameter limit splits bulk inserts a little.
    assert queries_for(1500, "L") < 50


def test_progress_bar_for_large_files(tree, tmp_path):
    rows = [[f"Người Số {i}", f"P{i:05d}", "", "", "viên chức", "SKHCN", "", ""] for i in range(2500)]
    out, err = run(write_csv(tmp_path / "big.csv", VI_HEADERS, rows, delimiter=";"))
    assert "Đã tạo 2500" in out
    assert "100% 2500/2500" in err
    assert StaffMember.objects.count() == 2500
