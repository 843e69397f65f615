"""Re-checking issued certificates against today's trust rules (`manage.py audit_certificates`).

An older version believed statements it should not have; this lists every certificate still valid
whose completion lacks trusted evidence, so administrators decide. It changes nothing unless asked
to revoke.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from courses.services import completion_problems

from .issuing import revoke
from .models import Certificate

AUDIT_REASON = "Kiểm tra lại: không có bằng chứng học tập đáng tin cậy (audit: no trusted evidence)."


@dataclass
class Finding:
    certificate: Certificate
    reasons: list

    @property
    def row(self):
        c = self.certificate
        return [c.code, c.learner_name, c.course_title, c.issued_on.strftime("%d/%m/%Y"), " ".join(self.reasons)]


def audit():
    """Findings for every valid (unrevoked) certificate without trusted evidence, oldest first."""
    findings = []
    doubled = {
        (row["learner_id"], row["course_id"])
        for row in Certificate.objects.filter(revoked_at__isnull=True)
        .values("learner_id", "course_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    }
    seen = set()
    certificates = Certificate.objects.filter(revoked_at__isnull=True).select_related(
        "completion__enrolment__user", "completion__enrolment__course"
    )
    for certificate in certificates.order_by("created_at", "pk"):
        reasons = []
        pair = (certificate.learner_id, certificate.course_id)
        if pair in doubled and pair in seen:
            reasons.append(_("A second valid certificate of the same course."))
        seen.add(pair)
        if certificate.completion is None:
            reasons.append(_("Its completion was withdrawn."))
        else:
            reasons += completion_problems(certificate.completion)
        if reasons:
            findings.append(Finding(certificate, reasons))
    return findings


def revoke_findings(findings):
    return sum(1 for finding in findings if revoke(finding.certificate, AUDIT_REASON))
