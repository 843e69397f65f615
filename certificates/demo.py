"""Demo data: the default certificate template (idempotent); with the history, its certificates and one revocation."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .issuing import completions_without_certificate, issue_for_completion, revoke
from .models import Certificate, CertificateTemplate

# The one certificate of the history an administrator revoked, and why (what verifiers read).
REVOCATION_REASON = (
    "Thu hồi theo đề nghị của Sở Nội vụ: xác minh cho thấy bài kiểm tra cuối khóa do người khác làm thay."
)


def seed(report):
    seed_template(report)
    if getattr(report, "history", False):
        seed_history(report)


def seed_template(report):
    if CertificateTemplate.objects.filter(is_default=True).exists():
        return
    template = CertificateTemplate.objects.create(
        name="Mẫu mặc định",
        issuing_body="UBND tỉnh Nghệ An",
        issuing_unit="Sở Khoa học và Công nghệ",
        signatory_name="Nguyễn Văn Hùng",
        signatory_title="KT. Giám đốc\nPhó Giám đốc",
        is_default=True,
        live=False,
    )
    template.save_revision().publish()
    report.created(_("certificate template"))


def seed_history(report):
    """The history's certificates, issued as the sweep issues them (each dated its completion's day); their
    PDFs are rendered on first download. Then one is revoked, with its reason."""
    issued = 0
    for completion_id in completions_without_certificate().values_list("pk", flat=True):
        issue_for_completion(completion_id, render=False)
        issued += 1
    if issued:
        report.created(_("%(count)s certificates") % {"count": issued})
    if Certificate.objects.filter(revoked_reason=REVOCATION_REASON).exists():
        return
    # A certificate of the past year's digital-skills course, chosen the same way on every run.
    candidate = (
        Certificate.objects.filter(
            revoked_at__isnull=True,
            learner__username__startswith="hv-",
            course__slug="ky-nang-so-co-ban",
            expires_on__gte=timezone.localdate(),
        )
        .order_by("completed_on", "learner__username")
        .first()
    )
    if candidate is not None and revoke(candidate, REVOCATION_REASON):
        report.created(_("a revoked certificate"))
