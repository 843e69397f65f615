"""Login stages: e-mail verification is mandatory for an account whose phone number is not verified.

allauth's own mandatory mode needs an e-mail address on every sign-up; here a learner may sign up with a
phone number alone, proved by SMS code (allauth's phone stage, which runs first). So allauth runs in
"optional" mode and this stage makes it mandatory again for accounts that have only an e-mail address
to prove who they are (`ACCOUNTS_EMAIL_VERIFICATION_MANDATORY`, from ACCOUNT_EMAIL_VERIFICATION).
"""

from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.email_verification import send_verification_email_at_login
from allauth.account.models import EmailAddress
from allauth.account.stages import EmailVerificationStage as BaseEmailVerificationStage
from allauth.account.utils import has_verified_email
from django.conf import settings


class EmailVerificationStage(BaseEmailVerificationStage):
    def handle(self):
        login = self.login
        user = login.user
        mandatory = getattr(settings, "ACCOUNTS_EMAIL_VERIFICATION_MANDATORY", True)
        if mandatory and user is not None and not (user.phone and user.phone_verified):
            has_address = bool(user.email) or EmailAddress.objects.filter(user_id=user.pk).exists()
            if has_address and not has_verified_email(user, login.email):
                send_verification_email_at_login(self.request, login)
                return get_adapter().respond_email_verification_sent(self.request, user), True
        return super().handle()
