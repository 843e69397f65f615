import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in: learner, trainer, HR officer or administrator.

    Vietnamese names do not split into first and last the Western way, so the full name is kept
    whole. `public_id` is the stable opaque id other systems see (the xAPI actor), never the e-mail.
    `phone` is a Vietnamese number in one form (+84…, see `common.text.normalise_phone`), or empty (NULL,
    so that many accounts can have none while a number belongs to at most one account).
    """

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    phone = models.CharField(_("phone"), max_length=16, unique=True, null=True, blank=True)
    phone_verified = models.BooleanField(_("phone verified"), default=False)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.email or self.phone or self.username

    def __str__(self):
        return self.get_full_name()


class LearnerCategory(models.TextChoices):
    """Who a learner is. Civil servants count toward staff coverage, everyone else toward e-commerce."""

    CIVIL_SERVANT = "civil_servant", _("cadre, civil servant or public employee")
    BUSINESS = "business", _("enterprise")
    COOPERATIVE = "cooperative", _("co-operative")
    HOUSEHOLD_BUSINESS = "household_business", _("household business")
    CRAFT_VILLAGE = "craft_village", _("craft village")
    STUDENT = "student", _("student")
    YOUNG_ENTREPRENEUR = "young_entrepreneur", _("young start-up founder")
    CITIZEN = "citizen", _("citizen")


class LearnerProfile(models.Model):
    """What a learner told us at sign-up: their category, organisation and their consent."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="learner_profile"
    )
    category = models.CharField(
        _("category"), max_length=32, choices=LearnerCategory.choices, default=LearnerCategory.CITIZEN
    )
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    staff_code = models.CharField(_("staff code given at sign-up"), max_length=50, blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_version = models.CharField(_("privacy notice version"), max_length=20, blank=True)
    roster_declined = models.BooleanField(
        _("roster match declined"),
        default=False,
        help_text=_("The learner said the roster entry offered to them is not theirs."),
    )

    class Meta:
        verbose_name = _("learner profile")
        verbose_name_plural = _("learner profiles")
        indexes = [models.Index(fields=["category"], name="accounts_profile_category")]

    def __str__(self):
        return f"{self.user} ({self.get_category_display()})"
