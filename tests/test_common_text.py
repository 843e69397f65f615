import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from common.text import match_key, nfc, normalise_email, normalise_phone, parse_yes_no


@pytest.mark.parametrize(
    "raw",
    ["0912 345 678", "0912345678", "+84912345678", "84912345678", "+84 912 345 678", "0912.345.678",
     "912345678", 912345678, 912345678.0, "(+84) 0912-345-678", "0084912345678"],
)  # fmt: skip
def test_phone_numbers_written_many_ways_become_one(raw):
    assert normalise_phone(raw) == "+84912345678"


def test_landline_with_area_code():
    assert normalise_phone("0238 3844 555") == "+842383844555"


def test_empty_phone_is_empty():
    assert normalise_phone("  ") == ""
    assert normalise_phone(None) == ""


@pytest.mark.parametrize("raw", ["12345", "0123456789", "+1 415 555 0100", "09123456789", "số máy bàn", "0912-345-67x"])
def test_invalid_phone_numbers_are_refused_in_vietnamese(raw):
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        normalise_phone(raw)
    assert "không phải là số điện thoại Việt Nam hợp lệ" in caught.value.messages[0]


def test_nfc_joins_decomposed_vietnamese():
    decomposed = "Nguye\u0302\u0303n  Va\u0306n"  # NFD with a double space
    assert nfc(decomposed) == "Nguyễn Văn"


def test_match_key_ignores_case_diacritics_and_punctuation():
    assert match_key("  Họ và TÊN ") == match_key("ho_va_ten") == "ho va ten"
    assert match_key("Mã đơn vị") == "ma don vi"


def test_email_is_lower_cased_and_checked():
    assert normalise_email(" An.Nguyen@NgheAn.gov.vn ") == "an.nguyen@nghean.gov.vn"
    with pytest.raises(ValidationError):
        normalise_email("an.nguyen@")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("x", True), ("Có", True), ("yes", True), ("1", True), (1, True),
     ("", False), ("không", False), ("No", False), ("0", False), (None, False)],
)  # fmt: skip
def test_yes_no(raw, expected):
    assert parse_yes_no(raw) is expected


def test_yes_no_refuses_other_words():
    with pytest.raises(ValueError):
        parse_yes_no("maybe")


def test_email_longer_than_the_column_is_refused():
    with pytest.raises(ValidationError):
        normalise_email("a" * 250 + "@nghean.gov.vn")
    assert normalise_email("Nguyen.Van-An+kns@so-khcn.nghean.gov.vn") == "nguyen.van-an+kns@so-khcn.nghean.gov.vn"


def test_vietnamese_alphabet_order():
    from common.text import vietnamese_sort_key

    words = ["Đức", "Dũng", "ăn", "Bình", "ân", "an", "Zô", "Ơn", "Ôn", "On", "Ưng", "Uyên", "Yến", "Ê", "Em", "Gấm"]
    assert sorted(words, key=vietnamese_sort_key) == [
        "an", "ăn", "ân", "Bình", "Dũng", "Đức", "Em", "Ê", "Gấm", "On", "Ôn", "Ơn", "Uyên", "Ưng", "Yến", "Zô",
    ]  # fmt: skip


def test_tones_come_after_the_letters_in_dictionary_order():
    from common.text import vietnamese_sort_key

    # no tone, huyền, hỏi, ngã, sắc, nặng
    assert sorted(["ạ", "á", "ã", "ả", "à", "a"], key=vietnamese_sort_key) == ["a", "à", "ả", "ã", "á", "ạ"]
    # the letters decide before any tone: "Ánh" < "Anh" would be wrong only if tones came first
    assert sorted(["Ánh", "Anh", "Ân"], key=vietnamese_sort_key) == ["Anh", "Ánh", "Ân"]
    assert sorted(["Anh", "An"], key=vietnamese_sort_key) == ["An", "Anh"]


def test_sort_key_ignores_case_and_unicode_form():
    from common.text import vietnamese_sort_key

    assert vietnamese_sort_key("Nguye\u0302\u0303n")[:2] == vietnamese_sort_key("NGUYỄN")[:2]
    assert vietnamese_sort_key("nguyễn  văn") == vietnamese_sort_key(" nguyễn văn ")
    assert vietnamese_sort_key(None) == vietnamese_sort_key("")


def test_names_are_ordered_by_given_name_then_full_name():
    from common.text import given_name, vietnamese_name_key

    names = ["Trần Thị Bình", "Nguyễn Văn An", "Đỗ Văn Đức", "Lê Văn Dũng", "Lê Thị An", "Phạm Ánh", "Hồ Anh"]
    assert sorted(names, key=vietnamese_name_key) == [
        "Lê Thị An", "Nguyễn Văn An", "Hồ Anh", "Phạm Ánh", "Trần Thị Bình", "Lê Văn Dũng", "Đỗ Văn Đức",
    ]  # fmt: skip
    assert given_name("  Nguyễn Văn   An ") == "An" and given_name("") == ""


def test_sorting_five_thousand_names_is_quick():
    import time

    from common.text import vietnamese_name_key

    names = [f"Nguyễn Thị {given} {number}" for number in range(1000) for given in ("Ánh", "Ân", "Đào", "Yến", "An")]
    started = time.perf_counter()
    sorted(names, key=vietnamese_name_key)
    assert time.perf_counter() - started < 1.0
