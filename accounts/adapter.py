"""allauth, the project's way: phone numbers on the User, SMS through accounts.sms, and after sign-in the
page another app asks for (agencies: the roster entry to confirm; see extensions.register_after_login)."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from common.text import nfc

from . import phones, sms
from .extensions import after_login_url


def site_identity():
    """What e-mails call the site: its name and the host of SITE_URL."""
    return SimpleNamespace(name=settings.WAGTAIL_SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def get_login_stages(self):
        return [
            "accounts.stages.EmailVerificationStage" if path.endswith(".EmailVerificationStage") else path
            for path in super().get_login_stages()
        ]

    def get_login_redirect_url(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            url = after_login_url(user)
            if url:
                return url
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix, email, context):
        # Without django.contrib.sites allauth names the site by the request's host ("127.0.0.1:8000
        # xin chào!"); e-mails greet with the site's own name and link its public address.
        return super().send_mail(template_prefix, email, {**context, "current_site": site_identity()})

    def format_email_subject(self, subject):
        return f"[{settings.WAGTAIL_SITE_NAME}] {subject}"

    def get_signup_redirect_url(self, request):
        return self.get_login_redirect_url(request)

    def save_user(self, request, user, form, commit=True):
        user.full_name = nfc(form.cleaned_data.get("full_name"))
        return super().save_user(request, user, form, commit=commit)

    # Phone numbers ----------------------------------------------------------------------------------

    def phone_form_field(self, **kwargs):
        kwargs.pop("label", None)
        return phones.PhoneField(**kwargs)

    def clean_phone(self, phone):
        return phones.normalise(phone)

    def set_phone(self, user, phone, verified):
        user.phone = phones.normalise(phone) or None
        user.phone_verified = bool(verified and user.phone)
        user.save(update_fields=["phone", "phone_verified"])

    def get_phone(self, user):
        if not user.phone:
            return None
        return user.phone, user.phone_verified

    def set_phone_verified(self, user, phone):
        if user.phone and user.phone == phones.normalise_or_none(phone):
            user.phone_verified = True
            user.save(update_fields=["phone_verified"])

    def get_user_by_phone(self, phone):
        phone = phones.normalise_or_none(phone)
        if not phone:
            return None
        return get_user_model().objects.filter(phone=phone).first()

    def send_verification_code_sms(self, user, phone, code, **kwargs):
        sms.send_sms(phone, _("Kỹ Năng Số: your verification code is %(code)s.") % {"code": code})

    def send_account_already_exists_sms(self, phone):
        sms.send_sms(
            phone, _("Kỹ Năng Số: an account with this phone number already exists. Sign in or reset your password.")
        )

    def send_unknown_account_sms(self, phone, **kwargs):
        sms.send_sms(phone, _("Kỹ Năng Số: no account uses this phone number. You can sign up with it."))
