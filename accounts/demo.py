"""Demo data for accounts: a business learner outside the civil service."""

from django.utils.translation import gettext as _

from .models import LearnerCategory, LearnerProfile
from .services import ensure_demo_user, set_learner_profile


def seed(report):
    learner = ensure_demo_user(
        report,
        role=_("Business learner (co-operative)"),
        email="doanhnghiep@kynangso.local",
        password="doanhnghiep-kns-2026",  # noqa: S106 (demo data, DEBUG only)
        full_name="Phan Thị Mai",
    )
    if not LearnerProfile.objects.filter(user=learner).exists():
        set_learner_profile(learner, LearnerCategory.BUSINESS, "HTX Nông sản Nam Đàn")
