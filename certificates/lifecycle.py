"""After issuing: expiry reminders (30 days before) and renewal by retaking the final assessment."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from courses.services import believed_final_pass, parse_activity_id
from xapi.services import VERBS

from .issuing import add_months, reissue
from .models import Certificate

logger = logging.getLogger(__name__)

REMINDER_DAYS = 30
RENEWAL_REASON = "Gia hạn: học viên đã làm lại bài kiểm tra cuối khóa."


def send_expiry_reminders(today=None):
    """E-mail each learner whose valid certificate expires within 30 days, once per certificate."""
    today = today or timezone.localdate()
    due = Certificate.objects.select_related("learner").filter(
        revoked_at__isnull=True,
        reminder_sent_at__isnull=True,
        expires_on__gt=today,
        expires_on__lte=today + timedelta(days=REMINDER_DAYS),
    )
    sent = 0
    for certificate in due:
        email = certificate.learner.email
        if not email:
            continue
        # Claim it first: two beat runs never send the same reminder twice.
        if not Certificate.objects.filter(pk=certificate.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=timezone.now()
        ):
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Your certificate expires on %(date)s") % {"date": certificate.expires_on.strftime("%d/%m/%Y")}
            body = _(
                "Dear %(name)s,\n\nYour certificate %(code)s for the course «%(course)s» expires on %(date)s. "
                "Retake the course's final assessment to renew it: %(url)s\n\nKỹ Năng Số"
            ) % {
                "name": certificate.learner_name,
                "code": certificate.code,
                "course": certificate.course_title,
                "date": certificate.expires_on.strftime("%d/%m/%Y"),
                "url": settings.SITE_URL + certificate.course.url if certificate.course.url else settings.SITE_URL,
            }
        send_mail(subject, body, None, [email])
        sent += 1
    return sent


def renew_on_passing(statement):
    """A statement processor: passing the final assessment again renews a certificate that is expiring.

    The renewed certificate (new code, new dates and score) is written in the statement's transaction;
    its PDF is rendered after commit (or by the sweep).
    """
    if statement.verb_id != VERBS["passed"] or statement.voided or statement.user_id is None:
        return
    if parse_activity_id(statement.activity_id) is None:
        return
    current = (
        Certificate.objects.filter(
            learner_id=statement.user_id, revoked_at__isnull=True, replaced_by__isnull=True, expires_on__isnull=False
        )
        .select_related("course")
        .order_by("-issued_on")
    )
    today = timezone.localdate(statement.timestamp)
    current = [c for c in current if c.expires_on <= today + timedelta(days=REMINDER_DAYS)]
    if not current:
        return
    # Only a pass the trust rules believe renews: a learner's own statement never does.
    course = believed_final_pass(statement)
    if course is None:
        return
    for certificate in current:
        if certificate.course_id != course.pk:
            continue
        result = statement.data.get("result") or {}
        scaled = (result.get("score") or {}).get("scaled")
        months = course.certificate_validity_months
        fields = {
            "completed_on": today,
            "score": round(scaled * 100) if isinstance(scaled, int | float) else certificate.score,
            "expires_on": add_months(timezone.localdate(), months) if months else None,
        }
        new = reissue(certificate, RENEWAL_REASON, replacement_fields=fields, render=False)
        transaction.on_commit(lambda pk=new.pk: _render_later(pk))


def _render_later(certificate_id):
    from .tasks import render_certificate

    try:
        render_certificate.delay(certificate_id)
    except Exception:
        logger.warning("PDF of certificate %s not queued; the sweep will render it", certificate_id, exc_info=True)


def renewal_due(user, course):
    """True when the learner's current certificate of `course` expires within 30 days or has expired."""
    if not getattr(user, "is_authenticated", False):
        return False
    horizon = timezone.localdate() + timedelta(days=REMINDER_DAYS)
    return Certificate.objects.filter(
        learner=user, course_id=course.pk, revoked_at__isnull=True, replaced_by__isnull=True, expires_on__lte=horizon
    ).exists()
