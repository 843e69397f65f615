"""Who belongs where: the agency tree, the staff roster, HR-officer scopes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from common.text import normalise_code


class AgencyKind(models.TextChoices):
    PROVINCE = "province", _("province")
    DEPARTMENT = "department", _("department")
    PROVINCIAL_BODY = "provincial_body", _("provincial body")
    COMMUNE = "commune", _("commune")
    WARD = "ward", _("ward")
    PUBLIC_SERVICE_UNIT = "public_service_unit", _("public service unit")
    UNIT = "unit", _("unit")


class Agency(MP_Node):
    """An agency or unit in the province's tree, at any depth.

    The materialised path (treebeard) makes "this agency and everything below it" one indexed
    prefix query: `Agency.objects.filter(path__startswith=agency.path)`. Agencies are never deleted
    once staff have been placed in them: a merged agency stays in the tree, inactive, pointing at its
    successor, so reports for past periods still find it.
    """

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=AgencyKind.choices, default=AgencyKind.UNIT)
    active = models.BooleanField(_("active"), default=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("The agency this one was merged into."),
    )

    # New children go last; the listing follows the tree (ordered by path).
    node_order_by = []

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["path"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.code = normalise_code(self.code)
        super().save(*args, **kwargs)

    def subtree(self):
        """This agency and everything below it, as one indexed query."""
        return Agency.objects.filter(path__startswith=self.path)


class StaffCategory(models.TextChoices):
    CADRE = "cadre", _("cadre")
    CIVIL_SERVANT = "civil_servant", _("civil servant")
    PUBLIC_EMPLOYEE = "public_employee", _("public employee")
    WORKER = "worker", _("worker")


class StaffMember(models.Model):
    """A person on an agency's payroll.

    `staff_code`, `email` (kept lower-case) and `phone` (kept as +84…) are each indexed, so matching an
    account to the roster is one query. `agency` and `active` are the current state; `placements`
    keep the history reports need.
    """

    full_name = models.CharField(_("full name"), max_length=150)
    staff_code = models.CharField(_("staff code"), max_length=50, unique=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=StaffCategory.choices)
    position = models.CharField(_("position"), max_length=150, blank=True)
    is_it_officer = models.BooleanField(_("IT officer"), default=False)
    active = models.BooleanField(_("active"), default=True)
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="staff")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_member",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        ordering = ["full_name", "staff_code"]
        indexes = [
            models.Index(fields=["agency", "active"], name="agencies_staff_agency_active"),
            # Covering: a placed person's category and account by id, from the index alone (coverage reports).
            models.Index(fields=["id"], include=["category", "user"], name="agencies_staff_category_user"),
            # Exact matches only (no LIKE), so plain b-tree indexes, without PostgreSQL's extra _like ones.
            models.Index(fields=["email"], name="agencies_staff_email"),
            models.Index(fields=["phone"], name="agencies_staff_phone"),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.staff_code})"


class StaffPlacement(models.Model):
    """Where a person was, and that they were active, from `start_date` up to (not including) `end_date`.

    A person has at most one open placement (no end date): the current one. An inactive person has
    none. So the staff counted on a date are the placements covering that date.
    """

    staff = models.ForeignKey(
        StaffMember, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="placements"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="placements")
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff placement")
        verbose_name_plural = _("staff placements")
        ordering = ["staff", "start_date"]
        indexes = [
            # Covering: the placements of an agency on a day, and whom they place, from the index alone.
            models.Index(
                fields=["agency", "start_date"], include=["end_date", "staff"], name="agencies_placement_on_day"
            ),
            models.Index(fields=["staff", "end_date"], name="agencies_placement_staff"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["staff"],
                condition=models.Q(end_date__isnull=True),
                name="agencies_one_open_placement",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gt=models.F("start_date")),
                name="agencies_placement_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.staff} @ {self.agency} {self.start_date}–{self.end_date or ''}"


class HRScope(models.Model):
    """An HR officer sees this agency and everything below it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="hr_scopes"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="hr_scopes")

    class Meta:
        verbose_name = _("HR scope")
        verbose_name_plural = _("HR scopes")
        constraints = [models.UniqueConstraint(fields=["user", "agency"], name="agencies_unique_hr_scope")]

    def __str__(self):
        return f"{self.user} → {self.agency}"


class RosterImport(models.Model):
    """One roster file uploaded in the admin, and how its import went (the page polls this)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    file = models.FileField(_("file"), upload_to="roster-imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    scope = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Staff of this agency and its units missing from the file are deactivated."),
    )
    dry_run = models.BooleanField(_("preview only"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    processed = models.PositiveIntegerField(_("rows processed"), default=0)
    total = models.PositiveIntegerField(_("rows"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.original_name or self.file.name


class RosterLinkRequest(models.Model):
    """An account asks to be linked to a roster entry it cannot prove by a verified e-mail or phone.

    The HR officer of the entry's agency decides with the evidence in front of them; nothing is linked
    before that. What the learner gave is kept as it was, verified or not.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the HR officer")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    staff = models.ForeignKey(
        StaffMember, verbose_name=_("roster entry"), on_delete=models.CASCADE, related_name="link_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="roster_link_requests",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    typed_staff_code = models.CharField(_("staff code typed"), max_length=50)
    account_name = models.CharField(_("name on the account"), max_length=150, blank=True)
    account_email = models.CharField(_("e-mail on the account"), max_length=254, blank=True)
    email_verified = models.BooleanField(_("e-mail verified"), default=False)
    account_phone = models.CharField(_("phone on the account"), max_length=16, blank=True)
    phone_verified = models.BooleanField(_("phone verified"), default=False)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("roster link request")
        verbose_name_plural = _("roster link requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "user"],
                condition=models.Q(status="pending"),
                name="agencies_one_pending_link_request",
            )
        ]

    def __str__(self):
        return f"{self.account_name or self.user_id} → {self.staff}"
