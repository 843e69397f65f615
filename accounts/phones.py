"""Vietnamese phone numbers on accounts: one form (+84…), as the roster keeps them."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.text import normalise_phone


def normalise(value):
    """+84… for a valid Vietnamese number, "" for empty; ValidationError (in Vietnamese) otherwise."""
    return normalise_phone(value)


def normalise_or_none(value):
    try:
        return normalise(value) or None
    except ValidationError:
        return None


def display(phone):
    """+84912345678 as 0912 345 678, the way people write it."""
    if not phone or not phone.startswith("+84"):
        return phone or ""
    national = "0" + phone[3:]
    if len(national) == 10:
        return f"{national[:4]} {national[4:7]} {national[7:]}"
    return f"{national[:4]} {national[4:7]} {national[7:]}"


class PhoneField(forms.CharField):
    """A Vietnamese mobile or landline number in any usual writing; cleans to +84…."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Mobile phone"))
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel", "placeholder": "0912 345 678"}
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return normalise(value) if value else value
