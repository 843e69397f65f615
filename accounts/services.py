"""The public face of accounts: the only module other apps may import from it."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _


def ensure_demo_user(report, *, role, email, password, full_name, **flags):
    """Create or refresh a demo login (verified e-mail, known password) and list it in the report."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(username=email.split("@")[0], email=email)
    user.full_name = full_name
    for name, value in flags.items():
        setattr(user, name, value)
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if created:
        report.created(_("account %(email)s") % {"email": email})
    report.login(role, email, password)
    return user
