"""Coverage toward the targets: computation, dashboards, exports, snapshots."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetKind(models.TextChoices):
    PERCENTAGE = "percentage", _("share of the staff trained")
    PRESENCE = "presence", _("agencies with a trained IT officer")
    ENROLMENTS = "enrolments", _("number of enrolments")


class Match(models.TextChoices):
    ANY = "any", _("a certificate of any of the courses")
    ALL = "all", _("certificates of all of the courses")


class Target(models.Model):
    """One target of Resolution 09-NQ/TU, as data: who counts, what counts, by when.

    - percentage: active staff of `staff_categories` holding a valid certificate of the target's courses
      (`courses` and every course of `tracks`; `match` any or all); `goal` is a percent.
    - presence: agencies of `agency_kinds` with at least one active IT officer placed in that very agency
      holding a valid certificate of the courses; `goal` is a percent of those agencies.
    - enrolments: enrolments in the courses, by learner category; `goal` is a count.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=TargetKind.choices)
    goal = models.PositiveIntegerField(_("goal"), default=100, help_text=_("A percent, or a count of enrolments."))
    deadline = models.DateField(_("deadline"))
    staff_categories = models.JSONField(_("staff categories"), default=list, blank=True)
    agency_kinds = models.JSONField(_("agency kinds"), default=list, blank=True)
    tracks = models.JSONField(_("tracks"), default=list, blank=True)
    courses = models.ManyToManyField("courses.CoursePage", verbose_name=_("courses"), blank=True, related_name="+")
    match = models.CharField(_("match"), max_length=3, choices=Match.choices, default=Match.ANY)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class CoverageSnapshot(models.Model):
    """A target's figures for one agency (its whole subtree) on one day, stored nightly."""

    target = models.ForeignKey(Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="snapshots")
    agency = models.ForeignKey("agencies.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("date"))
    population = models.PositiveIntegerField(_("population"))
    trained = models.PositiveIntegerField(_("trained"))

    class Meta:
        verbose_name = _("coverage snapshot")
        verbose_name_plural = _("coverage snapshots")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["target", "agency", "date"], name="reporting_one_snapshot_per_day")
        ]

    def __str__(self):
        return f"{self.target_id}/{self.agency_id} {self.date}: {self.trained}/{self.population}"


class APIToken(models.Model):
    """A token for another system to read the reporting API; its owner's scope applies.

    Only a SHA-256 hash of the token is kept (tokens are long random strings, so no stretching is
    needed); `prefix` finds the row without revealing the secret.
    """

    name = models.CharField(_("name"), max_length=120)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="reporting_tokens"
    )
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    token_hash = models.CharField(_("token hash"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
