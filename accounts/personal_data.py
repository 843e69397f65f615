"""A learner's personal data: the JSON export, and deleting an account (Personal Data Protection Law).

Other apps are asked only through their services modules, imported inside the functions (they sit above
accounts in the chain).

Deleting an account:
- every xAPI statement naming the learner (by their account, a verified e-mail or its sha1 sum, or their
  verified phone; as actor, object, in context or as authority) is anonymised in place, and their LRS
  documents and launch credentials are deleted (`xapi.services.forget_user`);
- certificates are records of the province and are kept. `Certificate.learner` is PROTECT and
  enrolments/completions CASCADE from the user, so an account with any enrolment or certificate is not
  deleted: it is deactivated and scrubbed (name, e-mail, phone, username, password, organisation, roles),
  keeping the rows that prove what was learnt. An account with none of those is deleted outright.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from .models import LearnerProfile


def _iso(value):
    return value.isoformat() if value else None


def known_identifiers(user):
    """(e-mails, phones) by which other systems may name `user`: only verified ones, since an unverified
    address may belong to someone else, whose statements must be neither exported nor erased here."""
    emails = sorted(set(EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)))
    phones = [user.phone] if user.phone and user.phone_verified else []
    return emails, phones


def _statements_of(user):
    # Kept to the one function xapi offers for this; see xapi.services.statements_of.
    from xapi.services import statements_of

    emails, phones = known_identifiers(user)
    return statements_of(user, emails, phones)


def export(user):
    """Everything the site holds about `user`, as JSON-ready data."""
    from agencies.services import staff_member_for
    from certificates.services import certificates_for
    from courses.services import enrolments_for_user

    profile = LearnerProfile.objects.filter(user=user).first()
    staff = staff_member_for(user)
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "public_id": str(user.public_id),
            "username": user.username,
            "full_name": user.full_name,
            "email": user.email,
            "phone": user.phone or "",
            "phone_verified": user.phone_verified,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "roles": sorted(user.groups.values_list("name", flat=True)),
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "profile": None,
        "roster_entry": None,
        "enrolments": [],
        "certificates": [],
        "statements": [],
    }
    if profile is not None:
        data["profile"] = {
            "category": profile.category,
            "category_label": str(profile.get_category_display()),
            "organisation": profile.organisation,
            "staff_code_given": profile.staff_code,
            "consent_at": _iso(profile.consent_at),
            "consent_version": profile.consent_version,
        }
    if staff is not None:
        data["roster_entry"] = {
            "full_name": staff.full_name,
            "staff_code": staff.staff_code,
            "email": staff.email,
            "phone": staff.phone,
            "category": staff.category,
            "position": staff.position,
            "agency_code": staff.agency.code,
            "agency_name": staff.agency.name,
            "active": staff.active,
        }
    for enrolment in enrolments_for_user(user):
        completion = getattr(enrolment, "completion", None) if _has_completion(enrolment) else None
        data["enrolments"].append(
            {
                "course": enrolment.course.title,
                "registration": str(enrolment.registration),
                "enrolled_at": _iso(enrolment.enrolled_at),
                "completed_at": _iso(completion.completed_at) if completion else None,
                "score": completion.score if completion else None,
            }
        )
    for certificate in certificates_for(user):
        data["certificates"].append(
            {
                "code": certificate.code,
                "course_title": certificate.course_title,
                "learner_name": certificate.learner_name,
                "organisation": certificate.organisation,
                "issued_on": _iso(certificate.issued_on),
                "expires_on": _iso(certificate.expires_on),
                "revoked_at": _iso(getattr(certificate, "revoked_at", None)),
            }
        )
    data["statements"] = [statement.data for statement in _statements_of(user)]
    return data


def _has_completion(enrolment):
    from django.core.exceptions import ObjectDoesNotExist

    try:
        enrolment.completion  # noqa: B018 (a reverse one-to-one raises when missing)
    except ObjectDoesNotExist:
        return False
    return True


def _keeps_records(user):
    from certificates.services import certificates_for
    from courses.services import enrolments_for_user

    return enrolments_for_user(user).exists() or certificates_for(user).exists()


@transaction.atomic
def delete_account(user):
    """Forget `user`: anonymise their statements, then delete or (with learning records) scrub the account.

    Returns "deleted" or "scrubbed".
    """
    from xapi.services import forget_user

    emails, phones = known_identifiers(user)
    forget_user(user, emails, phones)
    EmailAddress.objects.filter(user=user).delete()
    if not _keeps_records(user):
        user.delete()
        return "deleted"
    user.full_name = ""
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.phone = None
    user.phone_verified = False
    user.username = f"deleted-{user.public_id.hex[:16]}"
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.set(Group.objects.none())
    from agencies.services import HRScope

    HRScope.objects.filter(user=user).delete()
    user.user_permissions.clear()
    LearnerProfile.objects.filter(user=user).update(organisation="", staff_code="")
    return "scrubbed"
