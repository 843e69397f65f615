"""Issuing: exactly once per completion, whatever races or retries; the sweep catches what was missed."""

import logging
import secrets
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from agencies.services import staff_member_for
from common.text import nfc
from courses.services import SITE_AUTHORITY, completions_for

from .models import Certificate, CertificateTemplate, CourseCertificateSetting

logger = logging.getLogger(__name__)

# No 0/O, 1/I/L: a code read aloud or typed from paper is unambiguous.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_PREFIX = "NA"
CODE_ATTEMPTS = 8


def new_code(year=None):
    """`NA-2026-7KQ4-M2XD`: 8 random characters from 31 (about 40 bits), from `secrets`."""
    year = year or timezone.localdate().year
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{CODE_PREFIX}-{year}-{body[:4]}-{body[4:]}"


def normalise_code(text):
    """What a person typed (any case, spaces, missing dashes, O for 0...) as a stored code, or ""."""
    raw = "".join(ch for ch in nfc(text).upper() if ch.isalnum())
    if not raw.startswith(CODE_PREFIX) or len(raw) != len(CODE_PREFIX) + 4 + 8:
        return ""
    year, body = raw[2:6], raw[6:]
    if not year.isdigit():
        return ""
    body = body.replace("0", "O").replace("1", "I")  # the alphabet has neither; a typo maps nowhere
    if any(ch not in CODE_ALPHABET for ch in body):
        return ""
    return f"{CODE_PREFIX}-{year}-{body[:4]}-{body[4:]}"


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def default_template():
    return (
        CertificateTemplate.objects.filter(is_default=True, live=True).order_by("pk").first()
        or CertificateTemplate.objects.filter(live=True).order_by("pk").first()
    )


def template_for(course):
    setting = CourseCertificateSetting.objects.select_related("template").filter(course_id=course.pk).first()
    if setting is not None and setting.template.live:
        return setting.template
    return default_template()


def template_revision(template):
    """The published revision of a template (made on the spot for a template saved without one)."""
    if template is None:
        return None
    revision = template.live_revision or template.latest_revision
    if revision is None:
        revision = template.save_revision()
        revision.publish()
        template.refresh_from_db()
    return revision


def organisation_of(user):
    member = staff_member_for(user)
    if member is not None:
        return nfc(member.agency.name)
    return ""


def _fields_from_completion(completion):
    enrolment = completion.enrolment
    user, course = enrolment.user, enrolment.course.specific
    # Dated the day the course was completed (a certificate the sweep issues late keeps that day), never later
    # than today: a statement's timestamp in the future does not stretch the validity. Only when the site
    # itself wrote the completing evidence: a tool's or launched content's timestamp is its sender's claim,
    # and a backdated one would place a late learner among those trained before a target's deadline.
    today = timezone.localdate()
    site_evidence = completion.evidence_authority == SITE_AUTHORITY
    issued_on = min(timezone.localdate(completion.completed_at), today) if site_evidence else today
    months = course.certificate_validity_months
    template = template_for(course)
    return {
        "learner": user,
        "course": course,
        "score": None if completion.score is None else round(completion.score * 100),
        "completed_on": timezone.localdate(completion.completed_at),
        "issued_on": issued_on,
        "expires_on": add_months(issued_on, months) if months else None,
        "learner_name": nfc(user.get_full_name()),
        "organisation": organisation_of(user),
        "course_title": nfc(course.title),
        "track": nfc(course.get_track_display()),  # the track's name, or its code when no longer a track
        "hours": course.estimated_hours,
        "template": template,
        "template_revision": template_revision(template),
        "evidence_statement": completion.evidence_statement,
        "evidence_authority": completion.evidence_authority,
    }


def _insert(fields, completion, issue_number):
    """Insert with a fresh code; on the completion's constraint return the row another worker made."""
    for _attempt in range(CODE_ATTEMPTS):
        certificate = Certificate(
            code=new_code(fields["issued_on"].year), completion=completion, issue_number=issue_number, **fields
        )
        try:
            with transaction.atomic():
                certificate.save()
            return certificate, True
        except IntegrityError:
            existing = Certificate.objects.filter(completion=completion, issue_number=issue_number).first()
            if existing is not None:
                return existing, False
            # The learner already holds a valid certificate of this course: the database keeps it one.
            valid = Certificate.objects.filter(
                learner=fields["learner"], course=fields["course"], revoked_at__isnull=True
            ).first()
            if valid is not None:
                return valid, False
            # A code collision (about one in a trillion): draw again.
    raise RuntimeError("could not draw a unique certificate code")


def issue_for_completion(completion_id, render=True):
    """The first certificate of this completion, issuing it if needed. Idempotent.

    The PDF of a certificate issued now is rendered now unless `render` is False; a PDF missing otherwise is
    rendered lazily, on the first download or by the sweep.
    """
    from .pdf import ensure_pdf

    completion = completions_for().filter(pk=completion_id).first()
    if completion is None:
        return None
    certificate = Certificate.objects.filter(completion=completion, issue_number=1).first()
    if certificate is None:
        certificate, created = _insert(_fields_from_completion(completion), completion, 1)
        if created and render:
            ensure_pdf(certificate)
    return certificate


def reissue(certificate, reason, replacement_fields=None, render=True):
    """A new certificate (new code) for the same completion; the old one is revoked and points to it."""
    from .pdf import ensure_pdf

    reason = nfc(reason)
    with transaction.atomic():
        old = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if old.replaced_by_id:
            return old.replaced_by
        fields = {
            name: getattr(old, name)
            for name in (
                "learner", "course", "score", "completed_on", "expires_on", "learner_name", "organisation",
                "course_title", "track", "hours",
            )
        }  # fmt: skip
        # The learner's current name and agency, the course's current template, today's date.
        fields["learner_name"] = nfc(old.learner.get_full_name()) or old.learner_name
        fields["organisation"] = organisation_of(old.learner) or old.organisation
        fields["issued_on"] = timezone.localdate()
        fields["template"] = template_for(old.course)
        fields["template_revision"] = template_revision(fields["template"])
        fields.update(replacement_fields or {})
        for name in ("evidence_statement", "evidence_authority"):
            fields.setdefault(name, getattr(old, name))
        latest = (
            Certificate.objects.filter(completion=old.completion, completion__isnull=False)
            .order_by("-issue_number")
            .values_list("issue_number", flat=True)
            .first()
        )
        number = (latest or old.issue_number) + 1
        # Revoked before its successor exists: one valid certificate per learner and course at a time.
        if old.revoked_at is None:
            old.revoked_at = timezone.now()
            old.revoked_reason = reason
            old.save(update_fields=["revoked_at", "revoked_reason"])
        new, _created = _insert(fields, old.completion, number)
        old.replaced_by = new
        old.save(update_fields=["replaced_by"])
    if render:
        ensure_pdf(new)
    return new


def revoke(certificate, reason):
    reason = nfc(reason)
    if not reason:
        raise ValueError("a reason is required")
    updated = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason
    )
    certificate.refresh_from_db()
    return bool(updated)


def completions_without_certificate():
    return completions_for().filter(~Exists(Certificate.objects.filter(completion=OuterRef("pk")))).order_by("pk")


def sweep(limit=500):
    """Issue every certificate a lost task left behind, and render every PDF that is missing."""
    from .pdf import ensure_pdf

    issued = 0
    for completion_id in completions_without_certificate().values_list("pk", flat=True)[:limit]:
        try:
            issue_for_completion(completion_id)
            issued += 1
        except Exception:
            logger.exception("could not issue the certificate of completion %s", completion_id)
    rendered = 0
    for certificate in Certificate.objects.filter(Q(pdf="") | Q(pdf__isnull=True))[:limit]:
        try:
            ensure_pdf(certificate)
            rendered += 1
        except Exception:
            logger.exception("could not render certificate %s", certificate.code)
    return {"issued": issued, "rendered": rendered}
