"""The public face of accounts: the only module other apps may import from it.

- `demo_login(report, key)`, `DEMO_LOGINS`: seed_demo's logins, one table (`ensure_demo_user()` makes one);
  `create_learner_accounts()`: the learners of its history.
- `profile_category(user)`, `users_in_categories(*categories)`, `LearnerCategory`, `ECOMMERCE_CATEGORIES`:
  who a learner says they are, for reporting (civil servants count toward staff coverage, the others
  toward the e-commerce enrolment target). With the roster as well: `agencies.services.learner_category`.
- `set_learner_profile(user, category, organisation)`.
- For linking an account to its roster entry (agencies): `verified_contacts(user)`, `staff_code_given(user)`,
  `roster_declined(user)`, `set_roster_declined(user, declined)`, `record_roster_link(user)`.
- `export_personal_data(user)`, `delete_account(user)`: the learner's rights over their data;
  `register_personal_data(key, export, erase=, keeps_account=)`: each app adds its part (from ready()).
- `register_after_login(fn)`, `register_profile_section(fn)` with `ProfileSection`: what other apps add to
  sign-in and the profile page (from ready()).
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.translation import gettext as _

from .demo_logins import DEMO_LOGINS, demo_login
from .extensions import ProfileSection, register_after_login, register_profile_section
from .forms import PRIVACY_NOTICE_VERSION
from .models import LearnerCategory, LearnerProfile
from .personal_data import delete_account
from .personal_data import export as export_personal_data
from .personal_data import register as register_personal_data

ECOMMERCE_CATEGORIES = tuple(c for c in LearnerCategory.values if c != LearnerCategory.CIVIL_SERVANT)

__all__ = [
    "DEMO_LOGINS",
    "demo_login",
    "ECOMMERCE_CATEGORIES",
    "PRIVACY_NOTICE_VERSION",
    "LearnerCategory",
    "ProfileSection",
    "delete_account",
    "create_learner_accounts",
    "ensure_demo_user",
    "export_personal_data",
    "profile_category",
    "record_roster_link",
    "register_after_login",
    "register_personal_data",
    "register_profile_section",
    "roster_declined",
    "set_learner_profile",
    "set_roster_declined",
    "staff_code_given",
    "users_in_categories",
    "verified_contacts",
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


def create_learner_accounts(people):
    """Accounts of learners who signed up in the past (seed_demo's history); returns them in order.

    `people`: dicts with username, full_name, email and/or phone (each verified), joined (an aware
    datetime), and optionally category and organisation (a learner profile). They have no usable password:
    such a learner signs in after a password reset, as anyone who forgot theirs.
    """
    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(
                username=person["username"],
                email=person.get("email", ""),
                full_name=person["full_name"],
                phone=person.get("phone") or None,
                phone_verified=bool(person.get("phone")),
                date_joined=person["joined"],
                password=make_password(None),
            )
            for person in people
        ],
        batch_size=500,
    )
    if any(user.pk is None for user in users):  # a database that does not return keys from bulk inserts
        by_name = dict(User.objects.filter(username__in=[u.username for u in users]).values_list("username", "pk"))
        for user in users:
            user.pk = by_name[user.username]
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users if user.email],
        batch_size=500,
    )
    LearnerProfile.objects.bulk_create(
        [
            LearnerProfile(
                user=user,
                category=person["category"],
                organisation=person.get("organisation", ""),
                consent_at=person["joined"],
                consent_version=PRIVACY_NOTICE_VERSION,
            )
            for user, person in zip(users, people, strict=True)
            if person.get("category")
        ],
        batch_size=500,
    )
    return users


def set_learner_profile(user, category, organisation="", *, consent=True):
    """Create or update a learner's category and organisation (with consent to the current notice)."""
    defaults = {"category": category, "organisation": organisation}
    if consent:
        defaults |= {"consent_at": timezone.now(), "consent_version": PRIVACY_NOTICE_VERSION}
    profile, _created = LearnerProfile.objects.update_or_create(user=user, defaults=defaults)
    return profile


def profile_category(user):
    """The category code of the learner's own profile, or None without a profile."""
    return LearnerProfile.objects.filter(user=user).values_list("category", flat=True).first()


def verified_contacts(user):
    """The account's verified e-mail addresses (a set, lower-case) and its verified phone (or "")."""
    emails = {
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    }
    return emails, user.phone if user.phone and user.phone_verified else ""


def staff_code_given(user):
    """The staff code the learner typed at sign-up ("" when none)."""
    return LearnerProfile.objects.filter(user=user).values_list("staff_code", flat=True).first() or ""


def roster_declined(user):
    """True when the learner said the roster entry offered to them is not theirs."""
    return LearnerProfile.objects.filter(user=user, roster_declined=True).exists()


def set_roster_declined(user, declined):
    """Record the learner's "not me" (creating their profile if need be), or forget it."""
    if declined:
        LearnerProfile.objects.update_or_create(user=user, defaults={"roster_declined": True})
    else:
        LearnerProfile.objects.filter(user=user).update(roster_declined=False)


def record_roster_link(user):
    """The account was linked to its roster entry: the learner is a civil servant and declined nothing."""
    LearnerProfile.objects.update_or_create(
        user=user, defaults={"category": LearnerCategory.CIVIL_SERVANT, "roster_declined": False}
    )


def users_in_categories(*categories):
    """Active accounts whose learner profile is in one of `categories` (a queryset)."""
    return get_user_model().objects.filter(is_active=True, learner_profile__category__in=categories)
