"""Proof of completion: templates, certificates, the course-to-template mapping, bulk downloads.

A Certificate is issued exactly once per course completion: the database enforces it with a unique
constraint on (completion, issue_number), so two workers racing on one completion make one row. A
re-issue is a new Certificate of the same completion with the next issue number; the old one is
revoked and points at it through `replaced_by`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index


class Orientation(models.TextChoices):
    LANDSCAPE = "landscape", _("landscape")
    PORTRAIT = "portrait", _("portrait")


DEFAULT_WORDING = "Đã hoàn thành khóa học «{course}» ({track}, {hours} giờ) ngày {completed_on}, đạt {score}."


class CertificateTemplate(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """How a certificate looks and who signs it: a Wagtail snippet with revisions.

    A certificate keeps the revision it was drawn with, so editing a template later never changes a
    certificate already issued.
    """

    name = models.CharField(_("name"), max_length=120)
    issuing_body = models.CharField(_("issuing body"), max_length=200, help_text=_("For example: UBND tỉnh Nghệ An"))
    issuing_unit = models.CharField(
        _("issuing unit"), max_length=200, blank=True, help_text=_("For example: Sở Khoa học và Công nghệ")
    )
    heading = models.CharField(_("heading"), max_length=120, default="GIẤY CHỨNG NHẬN")
    wording = models.TextField(
        _("wording"),
        default=DEFAULT_WORDING,
        help_text=_("Placeholders: {name}, {course}, {track}, {hours}, {completed_on}, {score}, {organisation}."),
    )
    signatory_name = models.CharField(_("signatory name"), max_length=150)
    signatory_title = models.CharField(_("signatory title"), max_length=200)
    signature_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    seal_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("seal image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    orientation = models.CharField(
        _("orientation"), max_length=10, choices=Orientation.choices, default=Orientation.LANDSCAPE
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#8B1A1A",
        help_text=_("A hexadecimal colour such as #8B1A1A."),
    )
    is_default = models.BooleanField(
        _("default template"), default=False, help_text=_("Used by every course that has not picked a template.")
    )

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("issuing_body"), FieldPanel("issuing_unit"), FieldPanel("heading"), FieldPanel("wording")],
            heading=_("Wording"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("signatory_name"),
                FieldPanel("signatory_title"),
                FieldPanel("signature_image"),
                FieldPanel("seal_image"),
            ],
            heading=_("Signature"),
        ),
        MultiFieldPanel([FieldPanel("orientation"), FieldPanel("accent_colour")], heading=_("Layout")),
        FieldPanel("is_default"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        import re

        from django.core.exceptions import ValidationError

        if not re.fullmatch(r"#[0-9A-Fa-f]{6}", self.accent_colour or ""):
            raise ValidationError({"accent_colour": _("Enter a colour as # followed by six hexadecimal digits.")})
        try:
            self.wording.format(name="", course="", track="", hours="", completed_on="", score="", organisation="")
        except (KeyError, IndexError, ValueError):
            raise ValidationError(
                {"wording": _("The wording uses an unknown placeholder or an unmatched brace.")}
            ) from None


class CourseCertificateSetting(models.Model):
    """The template a course's certificates are drawn with (courses never import certificates)."""

    course = models.OneToOneField(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="certificate_setting",
    )
    template = models.ForeignKey(
        CertificateTemplate, verbose_name=_("template"), on_delete=models.PROTECT, related_name="course_settings"
    )

    panels = [FieldPanel("course"), FieldPanel("template")]

    class Meta:
        verbose_name = _("course certificate template")
        verbose_name_plural = _("course certificate templates")

    def __str__(self):
        return f"{self.course} → {self.template}"


class Certificate(models.Model):
    code = models.CharField(_("code"), max_length=24, unique=True)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.PROTECT, related_name="certificates"
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.PROTECT, related_name="certificates"
    )
    # SET_NULL: voiding a completion does not erase the record that a certificate was issued.
    completion = models.ForeignKey(
        "courses.Completion",
        verbose_name=_("completion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    issue_number = models.PositiveSmallIntegerField(_("issue number"), default=1)
    score = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"))
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    # What the certificate says, as it was when issued.
    learner_name = models.CharField(_("learner name"), max_length=150)
    organisation = models.CharField(_("agency or organisation"), max_length=255, blank=True)
    course_title = models.CharField(_("course title"), max_length=255)
    track = models.CharField(_("track"), max_length=100, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1, null=True, blank=True)
    template = models.ForeignKey(
        CertificateTemplate,
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    template_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("template revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pdf = models.FileField(_("PDF"), upload_to="certificates/pdf/%Y/", blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    replaced_by = models.OneToOneField(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    reminder_sent_at = models.DateTimeField(_("expiry reminder sent at"), null=True, blank=True)
    # The evidence behind it, copied from the completion: the statement that completed the course and
    # who wrote it ("site", "tool:<credential>", "launch"). Kept when a withdrawn completion is deleted.
    evidence_statement = models.UUIDField(_("evidence statement"), null=True, blank=True)
    evidence_authority = models.CharField(_("evidence authority"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["completion", "issue_number"], name="certificates_once_per_completion"),
            # One valid certificate per learner and course at a time: held here, not by a check in Python.
            models.UniqueConstraint(
                fields=["learner", "course"],
                condition=models.Q(revoked_at__isnull=True),
                name="certificates_one_valid_per_course",
            ),
        ]
        indexes = [
            # Covering indexes for coverage reports: whether a learner holds a valid certificate of a course
            # (one learner's, or all of some courses') is answered from the index alone.
            models.Index(
                fields=["learner", "course"],
                include=["issued_on", "expires_on", "revoked_at"],
                name="certificates_learner_valid",
            ),
            models.Index(
                fields=["course", "learner"],
                include=["issued_on", "expires_on", "revoked_at"],
                name="certificates_course_valid",
            ),
            models.Index(fields=["expires_on"], name="certificates_expires_on"),
        ]

    def __str__(self):
        return f"{self.code} · {self.learner_name} · {self.course_title}"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def is_expired(self, on=None):
        on = on or timezone.localdate()
        return self.expires_on is not None and self.expires_on < on

    def status(self, on=None):
        if self.is_revoked:
            return "revoked"
        if self.is_expired(on):
            return "expired"
        return "valid"

    @property
    def evidence_label(self):
        """The evidence in words, for the admin."""
        if not self.evidence_authority:
            return _("not recorded")
        kind, _sep, rest = self.evidence_authority.partition(":")
        who = {"site": _("the site (lessons and quiz)"), "launch": _("launched content")}.get(kind)
        if who is None:
            who = _("trusted tool %(name)s") % {"name": rest.partition(":")[2] or rest}
        return f"{who} · {self.evidence_statement}" if self.evidence_statement else who

    @property
    def status_label(self):
        return {"valid": _("valid"), "expired": _("expired"), "revoked": _("revoked")}[self.status()]


class BulkDownload(models.Model):
    """A ZIP of certificate PDFs, built by a Celery task, for a course or an agency subtree."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("building")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="+"
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), null=True, blank=True, on_delete=models.CASCADE
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("agency"), null=True, blank=True, on_delete=models.CASCADE
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    total = models.PositiveIntegerField(_("certificates"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    archive = models.FileField(_("archive"), upload_to="certificates/zip/", blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("bulk certificate download")
        verbose_name_plural = _("bulk certificate downloads")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_state_display()} · {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def percent(self):
        if self.state == self.State.DONE:
            return 100
        return round(100 * self.done / self.total) if self.total else 0
