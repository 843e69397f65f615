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


# Vietnamese alphabetical order: ă and â come after a, đ after d, ê after e, ô and ơ after o, ư after u;
# f, j, w and z (foreign names) take their Latin places. Tones are a second level, compared only when the
# letters are the same: no tone, grave (huyền), hook (hỏi), tilde (ngã), acute (sắc), dot below (nặng).
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: 100 + number for number, letter in enumerate(_ALPHABET)}
_VOWEL_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_collation_cache = {}


def _collation_of(char):
    """(primary, tone, case) for one character; spaces and punctuation before digits, digits before letters."""
    found = _collation_cache.get(char)
    if found is not None:
        return found
    decomposed = unicodedata.normalize("NFD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c) or c in _VOWEL_MARKS)
    base = unicodedata.normalize("NFC", base)
    tone = max((_TONES.get(c, 0) for c in decomposed), default=0)
    lower = base.lower()
    if lower in _LETTER_RANK:
        primary = _LETTER_RANK[lower]
    elif lower.isdigit() and lower.isascii():
        primary = 10 + int(lower)
    elif lower.isspace():
        primary = 0
    elif lower.isalpha():
        primary = 200 + ord(lower)  # other letters after the Vietnamese alphabet, in code point order
    else:
        primary = 1  # punctuation: just after a space
    found = _collation_cache[char] = (primary, tone, int(base != lower))
    return found


def vietnamese_sort_key(text):
    """A key that sorts text in Vietnamese alphabetical order, whatever its case or Unicode form.

    The letters decide first (a < ă < â < b … d < đ …), then the tones from the first letter on:
    "an" < "àn" < "ạn" < "ăn" < "Bình" < "Dũng" < "Đức". Spaces sort before every
    letter, so "An" comes before "Anh". Lower case comes before upper case only when all else is equal.
    """
    chars = [_collation_of(char) for char in nfc(text)]
    return (
        tuple(char[0] for char in chars),
        tuple(char[1] for char in chars),
        tuple(char[2] for char in chars),
    )


def given_name(full_name):
    """The given name of a Vietnamese full name: its last word ("Nguyễn Văn An" gives "An")."""
    words = str(full_name or "").split()
    return words[-1] if words else ""


def vietnamese_name_key(full_name):
    """How a list of Vietnamese people is ordered: by given name, then by the whole name."""
    return (vietnamese_sort_key(given_name(full_name)), vietnamese_sort_key(full_name))
