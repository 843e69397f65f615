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
