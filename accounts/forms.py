from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.text import nfc

from .models import LearnerCategory, LearnerProfile

# The version of the privacy notice a learner consents to; raise it when the notice changes.
PRIVACY_NOTICE_VERSION = "2026-01"


class SignupDetailsForm(forms.Form):
    """What allauth's sign-up form asks on top of e-mail/phone and password (ACCOUNT_SIGNUP_FORM_CLASS)."""

    field_order = [
        "full_name",
        "phone",
        "email",
        "password1",
        "password2",
        "category",
        "staff_code",
        "organisation",
        "consent",
    ]

    full_name = forms.CharField(label=_("Full name"), max_length=150, widget=forms.TextInput({"autocomplete": "name"}))
    category = forms.ChoiceField(
        label=_("You are"), choices=LearnerCategory.choices, initial=LearnerCategory.CIVIL_SERVANT
    )
    staff_code = forms.CharField(
        label=_("Staff code (cadres, civil servants and public employees)"), max_length=50, required=False
    )
    organisation = forms.CharField(
        label=_("Agency or organisation"),
        max_length=255,
        required=False,
        help_text=_("For example the name of your enterprise, co-operative, craft village or school."),
    )
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree to the processing of my personal data it describes."),
        error_messages={"required": _("You must agree to the privacy notice to create an account.")},
    )

    def clean_full_name(self):
        name = nfc(self.cleaned_data["full_name"])
        if not name:
            raise forms.ValidationError(_("Enter your full name."))
        return name

    def clean_staff_code(self):
        return nfc(self.cleaned_data.get("staff_code")).upper()

    def clean_organisation(self):
        return nfc(self.cleaned_data.get("organisation"))

    def clean(self):
        cleaned = super().clean()
        has_both_fields = "email" in self.fields and "phone" in self.fields
        given = cleaned.get("email") or cleaned.get("phone") or self.has_error("phone") or self.has_error("email")
        if has_both_fields and not given:
            raise forms.ValidationError(
                _("Enter a mobile phone number or an e-mail address (or both)."), code="no_contact"
            )
        return cleaned

    def signup(self, request, user):
        LearnerProfile.objects.update_or_create(
            user=user,
            defaults={
                "category": self.cleaned_data["category"],
                "organisation": self.cleaned_data.get("organisation", ""),
                "staff_code": self.cleaned_data.get("staff_code", ""),
                "consent_at": timezone.now(),
                "consent_version": PRIVACY_NOTICE_VERSION,
            },
        )


class ProfileForm(forms.ModelForm):
    """A learner's own category and organisation."""

    class Meta:
        model = LearnerProfile
        fields = ["category", "organisation"]

    def clean_organisation(self):
        return nfc(self.cleaned_data.get("organisation"))


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Your password"), strip=False, widget=forms.PasswordInput)
    confirm = forms.BooleanField(
        label=_("I understand that my account is deleted and cannot be restored."),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password
