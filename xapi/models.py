"""The Learning Record Store: statements as received, with indexed columns for what queries filter on."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    STATEMENTS_WRITE = "statements/write", "statements/write"
    STATEMENTS_READ = "statements/read", "statements/read"
    STATEMENTS_READ_MINE = "statements/read/mine", "statements/read/mine"
    STATE = "state", "state"
    PROFILE = "profile", "profile"
    DEFINE = "define", "define"
    ALL = "all", "all"


def credential_cache_key(key):
    return f"xapi:credential:{key}"


def secret_digest(secret):
    """A keyed hash of a credential secret: fast to check on every request, useless without SECRET_KEY."""
    return hmac.new(settings.SECRET_KEY.encode(), secret.encode(), hashlib.sha256).hexdigest()


class Credential(models.Model):
    """An LRS key and secret for HTTP Basic authentication, with its scopes."""

    name = models.CharField(_("name"), max_length=200)
    key = models.CharField(_("key"), max_length=64, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="xapi_credentials",
        help_text=_("With an owner, statements may only be about the owner (content launched for a learner)."),
    )
    # A launch credential speaks for one learner (owner) about one activity in one registration.
    activity_id = models.CharField(_("launched activity"), max_length=2048, blank=True, default="")
    registration = models.UUIDField(_("launch registration"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("LRS credential")
        verbose_name_plural = _("LRS credentials")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Requests cache credentials by key; a change (revoked, new scopes) must take effect at once.
        cache.delete(credential_cache_key(self.key))

    def delete(self, *args, **kwargs):
        cache.delete(credential_cache_key(self.key))
        return super().delete(*args, **kwargs)

    def set_secret(self, secret=None):
        secret = secret or secrets.token_urlsafe(30)
        self.secret_hash = secret_digest(secret)
        return secret

    def check_secret(self, secret):
        return hmac.compare_digest(self.secret_hash, secret_digest(secret))

    def is_usable(self):
        return self.active and (self.expires_at is None or self.expires_at > timezone.now())

    @property
    def is_launch(self):
        return bool(self.owner_id and self.activity_id)

    @property
    def is_administrator(self):
        return Scope.ALL in self.scopes and not self.owner_id


class Source(models.TextChoices):
    """Who wrote a statement: what the processors downstream decide trust on."""

    SITE = "site", _("the site itself")
    SESSION = "session", _("a learner's browser session")
    CREDENTIAL = "credential", _("an LRS credential")


class Statement(models.Model):
    """One statement, stored once as received (plus id, stored, authority, version)."""

    statement_id = models.UUIDField(unique=True)
    data = models.JSONField()
    version = models.CharField(max_length=20)
    actor_ifi = models.CharField(max_length=512)
    object_ifi = models.CharField(max_length=512, blank=True, default="")
    verb_id = models.CharField(max_length=512)
    activity_id = models.CharField(max_length=2048, null=True, blank=True)
    object_statement_id = models.UUIDField(null=True, blank=True)
    registration = models.UUIDField(null=True, blank=True)
    timestamp = models.DateTimeField()
    stored = models.DateTimeField()
    voided = models.BooleanField(default=False)
    is_voiding = models.BooleanField(default=False)
    # Indexed by the partial (user, stored) index below, not by a plain foreign-key index.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    credential = models.ForeignKey(Credential, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.CREDENTIAL)
    # What comparison of a re-sent statement needs: was the timestamp the client's or ours?
    timestamp_given = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        indexes = [
            models.Index(fields=["stored", "id"], name="xapi_stmt_stored"),
            models.Index(fields=["actor_ifi", "verb_id", "stored"], name="xapi_stmt_actor_verb"),
            # Partial indexes where most rows have nothing to index: every index costs on ingest.
            models.Index(
                fields=["object_ifi", "stored"], name="xapi_stmt_object_agent", condition=~models.Q(object_ifi="")
            ),
            models.Index(fields=["verb_id", "stored"], name="xapi_stmt_verb"),
            models.Index(fields=["activity_id", "stored"], name="xapi_stmt_activity"),
            models.Index(
                fields=["registration", "stored"],
                name="xapi_stmt_registration",
                condition=models.Q(registration__isnull=False),
            ),
            models.Index(
                fields=["object_statement_id"],
                name="xapi_stmt_ref",
                condition=models.Q(object_statement_id__isnull=False),
            ),
            models.Index(fields=["user", "stored"], name="xapi_stmt_user", condition=models.Q(user__isnull=False)),
        ]

    def __str__(self):
        return str(self.statement_id)


class StatementActivity(models.Model):
    """Every activity a statement mentions (object, context, sub-statement): related_activities lookups."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="activity_links")
    activity_id = models.CharField(max_length=2048)
    direct = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["activity_id", "statement"], name="xapi_link_activity")]

    def __str__(self):
        return self.activity_id


class StatementAgent(models.Model):
    """Every agent or group a statement mentions (actor, object, authority, context): related_agents."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="agent_links")
    ifi = models.CharField(max_length=512)
    direct = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["ifi", "direct", "statement"], name="xapi_link_agent")]

    def __str__(self):
        return self.ifi


class Attachment(models.Model):
    """Attachment content, stored once per sha2 however many statements carry it."""

    sha2 = models.CharField(max_length=128, unique=True)
    content_type = models.CharField(max_length=255)
    content = models.BinaryField()
    length = models.PositiveBigIntegerField()

    def __str__(self):
        return self.sha2


class Activity(models.Model):
    """The LRS's canonical definition of an activity, merged from statements whose authority may define."""

    activity_id = models.CharField(max_length=2048, unique=True)
    definition = models.JSONField(default=dict)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return self.activity_id


class Document(models.Model):
    """A state, activity profile or agent profile document."""

    class Kind(models.TextChoices):
        STATE = "state", _("state")
        ACTIVITY_PROFILE = "activity_profile", _("activity profile")
        AGENT_PROFILE = "agent_profile", _("agent profile")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    activity_id = models.CharField(max_length=2048, blank=True, default="")
    agent_ifi = models.CharField(max_length=512, blank=True, default="")
    # "" when a state document has no registration, so the unique constraint holds on every database.
    registration = models.CharField(max_length=36, blank=True, default="")
    document_id = models.CharField(max_length=2048)
    content = models.BinaryField()
    content_type = models.CharField(max_length=255)
    etag = models.CharField(max_length=64)
    updated = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "activity_id", "agent_ifi", "registration", "document_id"],
                name="xapi_document_unique",
            )
        ]
        indexes = [models.Index(fields=["kind", "activity_id", "agent_ifi", "registration", "updated"])]

    def __str__(self):
        return f"{self.kind}:{self.document_id}"


class OutboxItem(models.Model):
    """A statement waiting to be forwarded to the external LRS; kept until it is accepted there."""

    statement = models.OneToOneField(Statement, on_delete=models.CASCADE, related_name="outbox_item")
    created = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("forwarding outbox item")
        verbose_name_plural = _("forwarding outbox")
        indexes = [models.Index(fields=["sent_at", "next_attempt_at"], name="xapi_outbox_due")]

    def __str__(self):
        return str(self.statement_id)


class ErasureNotice(models.Model):
    """A statement that had already been forwarded when the learner it was about was erased.

    The receiving LRS keeps its copy; this list is what an administrator asks the receiver to erase. It
    holds no personal data: the statement id (now anonymised here), when it was forwarded and erased.
    """

    statement_id = models.UUIDField(_("statement id"), db_index=True)
    receiver = models.CharField(_("receiving LRS"), max_length=2048, blank=True, default="")
    forwarded_at = models.DateTimeField(_("forwarded at"))
    erased_at = models.DateTimeField(_("erased at"), default=timezone.now)
    receiver_asked_at = models.DateTimeField(
        _("receiver asked to erase at"),
        null=True,
        blank=True,
        help_text=_("When the receiving LRS was asked to erase its copy."),
    )

    class Meta:
        verbose_name = _("erasure of a forwarded statement")
        verbose_name_plural = _("erasures of forwarded statements")
        ordering = ["-erased_at", "id"]

    def __str__(self):
        return str(self.statement_id)
