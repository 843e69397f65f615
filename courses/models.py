"""What is taught (Wagtail pages) and what learners did with it (derived from xAPI statements).

The page tree: one CourseIndexPage (the catalogue, under the home page), CoursePages in it, LessonPages
in each course, in the order of the tree. Enrolment, LessonProgress, AssessmentAttempt and Completion
are never written by views: the statement processor (courses.progress) derives them from statements,
so `rebuild_progress` can make them again from the LRS alone.
"""

import unicodedata
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from .blocks import LessonStreamBlock


class Track(models.TextChoices):
    BASIC_DIGITAL_SKILLS = "basic_digital_skills", _("Basic digital skills")
    DIGITAL_GOVERNMENT = "digital_government", _("Digital government")
    INFORMATION_SECURITY = "information_security", _("Information security")
    E_COMMERCE = "e_commerce", _("E-commerce")
    IT_OFFICER = "it_officer", _("IT officers")


class Audience(models.TextChoices):
    CIVIL_SERVANTS = "civil_servants", _("Cadres, civil servants and public employees")
    PUBLIC = "public", _("Businesses and citizens")
    EVERYONE = "everyone", _("Everyone")


def fold(text):
    """Lower-case, without Vietnamese diacritics: "Kỹ năng số" and "ky nang so" match each other."""
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


class CoursePageForm(WagtailAdminPageForm):
    """Publishing (or submitting for approval) a course needs its final quiz, unless the trainer chose
    completion without one: a course must not certify after one click while promising a pass mark."""

    def clean(self):
        cleaned = super().clean()
        publishing = any(key in self.data for key in ("action-publish", "action-submit", "action-workflow-action"))
        if publishing and not cleaned.get("completion_without_assessment"):
            page = self.instance
            has_quiz = page.pk and LessonPage.objects.child_of(page).filter(is_assessment=True).exists()
            if not has_quiz:
                self.add_error(
                    "completion_without_assessment",
                    _(
                        "Add a final quiz lesson before publishing, or choose to complete this course without "
                        "a final assessment."
                    ),
                )
        return cleaned


class CourseIndexPage(RoutablePageMixin, Page):
    """The catalogue (one per site, at /khoa-hoc/) and the learner's "my learning" page below it."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["lms.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("course catalogue")
        verbose_name_plural = _("course catalogues")

    def get_template(self, request, *args, **kwargs):
        return "courses/course_index_page.html"

    def route(self, request, path_components):
        # One query for the course (Wagtail's default takes two: the page, then its specific class).
        if self.live and path_components and path_components[0] != "cua-toi":
            course = CoursePage.objects.filter(
                path__startswith=self.path, depth=self.depth + 1, slug=path_components[0]
            ).first()
            if course is not None:
                course._cached_parent_obj = self
                return course.route(request, path_components[1:])
        return super().route(request, path_components)

    @path("")
    def catalogue(self, request):
        from .views import catalogue

        return catalogue(request, self)

    @path("cua-toi/", name="my_learning")
    def my_learning(self, request):
        from .views import my_learning

        return my_learning(request, self)


class CoursePage(RoutablePageMixin, Page):
    track = models.CharField(_("track"), max_length=30, choices=Track.choices)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    summary = models.TextField(_("summary"), max_length=600)
    learning_outcomes = RichTextField(_("what you will learn"), blank=True)
    estimated_hours = models.DecimalField(
        _("estimated hours"), max_digits=4, decimal_places=1, default=1, validators=[MinValueValidator(0)]
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    prerequisites = ParentalManyToManyField(
        "courses.CoursePage",
        verbose_name=_("prerequisite courses"),
        blank=True,
        symmetrical=False,
        related_name="required_by",
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The score a learner needs on the final assessment."),
    )
    completion_without_assessment = models.BooleanField(
        _("complete without a final assessment"),
        default=False,
        help_text=_(
            "Only for courses that need no test: finishing the required lessons completes the course and "
            "issues the certificate. Otherwise the course must have a final quiz before it is published."
        ),
    )
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("certificate validity (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave blank for a certificate that does not expire."),
    )
    # Title, summary and outcomes without diacritics, for the catalogue's search.
    search_text = models.TextField(blank=True, default="", editable=False)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("track"), FieldPanel("audience"), FieldPanel("estimated_hours")],
            heading=_("Who and how long"),
        ),
        FieldPanel("summary"),
        FieldPanel("learning_outcomes"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [
                FieldPanel("prerequisites"),
                FieldPanel("pass_mark"),
                FieldPanel("completion_without_assessment"),
                FieldPanel("certificate_validity_months"),
            ],
            heading=_("Completion"),
        ),
    ]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]
    base_form_class = CoursePageForm

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def get_template(self, request, *args, **kwargs):
        return "courses/course_page.html"

    def save(self, *args, **kwargs):
        self.search_text = fold(" ".join([self.title, self.summary, str(self.learning_outcomes or "")]))
        return super().save(*args, **kwargs)

    def route(self, request, path_components):
        # One query for the lesson, as for the course above.
        if self.live and path_components and path_components[0] not in ("dang-ky", "hoan-thanh"):
            lesson = LessonPage.objects.filter(
                path__startswith=self.path, depth=self.depth + 1, slug=path_components[0]
            ).first()
            if lesson is not None:
                lesson._cached_parent_obj = self
                return lesson.route(request, path_components[1:])
        return super().route(request, path_components)

    @path("")
    def overview(self, request):
        from .views import course_page

        return course_page(request, self)

    @path("dang-ky/", name="enrol")
    def enrol(self, request):
        from .views import enrol

        return enrol(request, self)

    @path("hoan-thanh/", name="completion")
    def completion(self, request):
        from .views import completion_page

        return completion_page(request, self)


class LessonPage(Page):
    body = StreamField(LessonStreamBlock(), verbose_name=_("lesson"), blank=True)
    required = models.BooleanField(
        _("required"), default=True, help_text=_("The course is complete only when every required lesson is.")
    )
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=15)
    # Kept in step with the body on save, so the lesson list of a course is one query.
    is_assessment = models.BooleanField(_("assessment"), default=False, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("required"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]

    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def get_template(self, request, *args, **kwargs):
        return "courses/lesson_page.html"

    def save(self, *args, **kwargs):
        self.is_assessment = self.assessment is not None or self.graded_activity is not None
        return super().save(*args, **kwargs)

    def get_view_restrictions(self):
        # Wagtail's default takes two queries (ancestors, then restrictions); this is one.
        from django.db.models import Subquery
        from django.db.models.functions import Coalesce
        from wagtail.models import PageViewRestriction

        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        sources = Page.objects.filter(path__in=paths).annotate(source=Coalesce("alias_of_id", "id")).values("source")
        return PageViewRestriction.objects.filter(page_id__in=Subquery(sources))

    @property
    def assessment(self):
        for block in self.body:
            if block.block_type == "assessment":
                return block
        return None

    @property
    def graded_activity(self):
        """The xAPI activity block whose content grades this lesson, if the trainer chose one."""
        if self.assessment is not None:
            return None  # the site's own quiz grades the lesson
        for block in self.body:
            if block.block_type == "xapi_activity" and block.value.get("graded"):
                return block
        return None

    def serve(self, request, *args, **kwargs):
        from .views import lesson_page

        return lesson_page(request, self)

    def serve_preview(self, request, mode_name):
        from .views import lesson_page

        request.is_preview = True
        return lesson_page(request, self)


class Enrolment(models.Model):
    """A learner taking a course; its `registration` is the xAPI registration of every statement."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.CASCADE, related_name="enrolments"
    )
    registration = models.UUIDField(_("registration"), unique=True, default=uuid.uuid4)
    enrolled_at = models.DateTimeField(_("enrolled at"))

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-enrolled_at"]
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="courses_one_enrolment_per_course")]

    def __str__(self):
        return f"{self.user} / {self.course}"


class LessonProgress(models.Model):
    """The per-content summary: where a learner stands on one lesson."""

    class Status(models.TextChoices):
        STARTED = "started", _("started")
        COMPLETED = "completed", _("completed")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.STARTED)
    first_seen = models.DateTimeField(_("first seen"))
    last_seen = models.DateTimeField(_("last seen"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [models.UniqueConstraint(fields=["enrolment", "lesson"], name="courses_one_progress_per_lesson")]

    def __str__(self):
        return f"{self.enrolment} / {self.lesson_id}: {self.status}"


class AssessmentAttempt(models.Model):
    """The per-session log: one submitted quiz, from its passed/failed statement."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    statement_id = models.UUIDField(unique=True)
    # The id of the quiz form the learner submitted: a second submission of one form is not an attempt.
    attempt_key = models.UUIDField(null=True, blank=True, unique=True)
    score = models.FloatField(_("score"), null=True, blank=True)  # scaled, 0..1
    passed = models.BooleanField(_("passed"), default=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    question_ids = models.JSONField(default=list)
    answers = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("assessment attempt")
        verbose_name_plural = _("assessment attempts")
        ordering = ["submitted_at", "id"]
        indexes = [models.Index(fields=["enrolment", "lesson"], name="courses_attempt_enrolment")]

    def __str__(self):
        return f"{self.enrolment} / {self.lesson_id}: {self.score}"

    @property
    def percent(self):
        return None if self.score is None else round(self.score * 100)


class Completion(models.Model):
    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="completion")
    completed_at = models.DateTimeField(_("completed at"))
    score = models.FloatField(_("score"), null=True, blank=True)  # scaled, 0..1
    # The statement that completed the course and who wrote it (courses.trust): the evidence.
    evidence_statement = models.UUIDField(_("evidence statement"), null=True, blank=True, db_index=True)
    evidence_authority = models.CharField(_("evidence authority"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")
        ordering = ["-completed_at"]

    def __str__(self):
        return f"{self.enrolment}: {self.completed_at:%d/%m/%Y}"

    @property
    def percent(self):
        return None if self.score is None else round(self.score * 100)


class TrustedTool(models.Model):
    """An LRS credential a province administrator trusts to report progress for named courses."""

    credential = models.OneToOneField(
        "xapi.Credential",
        verbose_name=_("LRS credential"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"owner__isnull": True},
    )
    courses = models.ManyToManyField(CoursePage, verbose_name=_("courses"), related_name="trusted_tools")
    note = models.TextField(_("note"), blank=True, help_text=_("What the tool is and who answers for it."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("trusted tool")
        verbose_name_plural = _("trusted tools")
        ordering = ["credential__name"]

    def __str__(self):
        return str(self.credential)
