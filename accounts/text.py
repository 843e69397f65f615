import unicodedata


def nfc(value):
    """Text in Unicode NFC with surrounding and repeated whitespace removed; None becomes ""."""
    if not value:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(value)).split())
