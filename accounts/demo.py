"""Demo data for accounts: a business learner outside the civil service."""

from .models import LearnerCategory, LearnerProfile
from .services import demo_login, set_learner_profile


def seed(report):
    learner = demo_login(report, "business")
    if not LearnerProfile.objects.filter(user=learner).exists():
        set_learner_profile(learner, LearnerCategory.BUSINESS, "HTX Nông sản Nam Đàn")
