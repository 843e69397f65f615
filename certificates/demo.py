"""Demo data: the default certificate template (idempotent)."""

from django.utils.translation import gettext as _

from .models import CertificateTemplate


def seed(report):
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
