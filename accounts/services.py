"""The public face of accounts: the only module other apps may import from it.

- `ensure_demo_user()`: demo logins for seed_demo.
- `learner_category(user)`, `users_in_categories(*categories)`, `LearnerCategory`, `ECOMMERCE_CATEGORIES`:
  who a learner is, for reporting (civil servants count toward staff coverage, the others toward the
  e-commerce enrolment target).
- `set_learner_profile(user, category, organisation)`.
- `export_personal_data(user)`, `delete_account(user)`: the learner's rights over their data;
  `register_personal_data(key, export, erase=, keeps_account=)`: each app adds its part (from ready()).
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from .forms import PRIVACY_NOTICE_VERSION
from .models import LearnerCategory, LearnerProfile
from .personal_data import delete_account
from .personal_data import export as export_personal_data
from .personal_data import register as register_personal_data

ECOMMERCE_CATEGORIES = tuple(c for c in LearnerCategory.values if c != LearnerCategory.CIVIL_SERVANT)

__all__ = [
    "ECOMMERCE_CATEGORIES",
    "PRIVACY_NOTICE_VERSION",
    "LearnerCategory",
    "delete_account",
    "ensure_demo_user",
    "export_personal_data",
    "learner_category",
    "register_personal_data",
    "set_learner_profile",
    "users_in_categories",
]


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
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    if created:
        report.created(_("account %(email)s") % {"email": email})
    report.login(role, email, password)
    return user


def set_learner_profile(user, category, organisation="", *, consent=True):
    """Create or update a learner's category and organisation (with consent to the current notice)."""
    defaults = {"category": category, "organisation": organisation}
    if consent:
        defaults |= {"consent_at": timezone.now(), "consent_version": PRIVACY_NOTICE_VERSION}
    profile, _created = LearnerProfile.objects.update_or_create(user=user, defaults=defaults)
    return profile


def learner_category(user):
    """The learner's category code: their profile's, else civil_servant when on the roster, else None."""
    profile = LearnerProfile.objects.filter(user=user).only("category").first()
    if profile is not None:
        return profile.category
    from agencies.services import staff_member_for

    return LearnerCategory.CIVIL_SERVANT.value if staff_member_for(user) is not None else None


def users_in_categories(*categories):
    """Active accounts whose learner profile is in one of `categories` (a queryset)."""
    return get_user_model().objects.filter(is_active=True, learner_profile__category__in=categories)
