"""Text on the way in: Unicode NFC, folding for search, codes, Vietnamese phone numbers, e-mail addresses, yes/no.

One copy for every app: names, codes and numbers compare equal wherever they were typed.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

# A plain address (most of them) that Django's validator would accept too; others go through Django's.
_PLAIN_EMAIL = re.compile(r"[a-z0-9_%+-]+(?:\.[a-z0-9_%+-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_PHONE_PUNCTUATION = re.compile(r"[\s.\-()/]")


def nfc(value):
    """Text in Unicode NFC with surrounding and repeated whitespace removed; None becomes ""."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = str(value)
    if not value.isascii():
        value = unicodedata.normalize("NFC", value)
    return " ".join(value.split())


def fold(text):
    """Lower-case, without Vietnamese diacritics: "Kỹ năng số" and "ky nang so" match each other."""
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    return "".join(char for char in text if not unicodedata.combining(char)).lower()


def normalise_code(value):
    """Agency and staff codes: NFC, no spaces around, upper case."""
    return nfc(value).upper()


def match_key(value):
    """A loose key for matching headers and values: lower case, no diacritics, words split by one space.

    "Họ và tên", "HO VA TEN" and "ho_va_ten" all give "ho va ten".
    """
    return _NOT_ALNUM.sub(" ", fold(nfc(value))).strip()


def normalise_phone(value):
    """A Vietnamese phone number in one form, +84 followed by the national number.

    `0912 345 678`, `0912345678`, `+84912345678`, `84912345678` and `912345678` (a spreadsheet that
    dropped the leading zero) all give `+84912345678`. Mobile numbers have 9 digits after the 0,
    landlines (02xx…) have 10. Empty gives "". Anything else raises ValidationError.
    """
    raw = nfc(value)
    if not raw:
        return ""
    digits = _PHONE_PUNCTUATION.sub("", raw)
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("84"):
            raise _invalid_phone(raw)
        national = digits[2:]
    elif digits.startswith("0084"):
        national = digits[4:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        national = digits
    national = national.removeprefix("0")  # "+84 (0) 912…"
    is_mobile = len(national) == 9 and national[0] in "35789"
    is_landline = len(national) == 10 and national[0] == "2"
    if not national.isdigit() or not (is_mobile or is_landline):
        raise _invalid_phone(raw)
    return "+84" + national


def _invalid_phone(raw):
    return ValidationError(
        _("“%(value)s” is not a valid Vietnamese phone number (for example 0912 345 678 or +84912345678)."),
        code="invalid_phone",
        params={"value": raw},
    )


def normalise_email(value):
    """An e-mail address in lower case, or "" when empty; ValidationError when malformed."""
    email = nfc(value).lower()
    if not email:
        return ""
    if len(email) <= 254 and _PLAIN_EMAIL.fullmatch(email):
        return email
    try:
        if len(email) > 254:  # the column's length
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            _("“%(value)s” is not a valid e-mail address."), code="invalid_email", params={"value": email}
        ) from None
    return email


YES = {"x", "co", "yes", "y", "1", "true", "dung", "v"}
NO = {"", "khong", "no", "n", "0", "false", "sai"}


def parse_yes_no(value):
    """True for "x", "có", "yes", "1"…, False for "", "không", "no", "0"…; ValueError otherwise."""
    if isinstance(value, bool):
        return value
    key = match_key(value)
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueError(value)
