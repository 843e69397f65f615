import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Credential, Scope


class CredentialForm(forms.ModelForm):
    """Scopes as checkboxes; the key and secret are made by the LRS, never typed."""

    scopes = forms.MultipleChoiceField(
        label=_("scopes"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("“all” grants everything; a reporting system usually needs only statements/read."),
    )

    class Meta:
        model = Credential
        fields = ["name", "scopes", "owner", "active", "expires_at"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def clean_name(self):
        return unicodedata.normalize("NFC", self.cleaned_data["name"]).strip()
