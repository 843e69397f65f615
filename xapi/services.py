"""The public face of xapi: the only module other apps may import from it.

- `record()`: the one way the site's own pages emit a statement.
- `register_processor()`: run a function for every stored statement, whatever its source.
- `create_credential()` / `launch_credential()`: LRS keys for other systems and for launched content.
- `replay()`: feed stored statements to a function again (rebuilding derived data).
- `statements_of()` / `forget_user()`: a learner's personal data, exported or anonymised.
"""

import secrets
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import processors
from .models import Credential, Scope, Source, Statement
from .store import Writer, site_authority, store

ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = {
    name: ADL + name
    for name in (
        "registered", "launched", "initialized", "experienced", "attempted", "answered", "passed",
        "failed", "completed", "progressed", "terminated", "voided", "scored",
    )
}  # fmt: skip
VERB_NAMES_VI = {
    "registered": "đã đăng ký",
    "launched": "đã mở",
    "initialized": "đã bắt đầu",
    "experienced": "đã học",
    "attempted": "đã làm",
    "answered": "đã trả lời",
    "passed": "đã đạt",
    "failed": "chưa đạt",
    "completed": "đã hoàn thành",
    "progressed": "đã tiến bộ",
    "terminated": "đã kết thúc",
    "voided": "đã hủy",
    "scored": "đã ghi điểm",
}

register_processor = processors.register
unregister_processor = processors.unregister


def actor_for(user):
    """The xAPI agent of a site user: their account on this site, by an opaque id, never their e-mail."""
    agent = {
        "objectType": "Agent",
        "account": {"homePage": settings.SITE_URL, "name": str(user.public_id)},
    }
    name = user.get_full_name()
    if name:
        agent["name"] = unicodedata.normalize("NFC", name)
    return agent


def authority_for_learner(user):
    """The authority of statements a learner's own browser posts: the learner, not the site."""
    return {"objectType": "Agent", "account": {"homePage": settings.SITE_URL, "name": str(user.public_id)}}


def actor_ifi_for(user):
    return f"account:{settings.SITE_URL}|{user.public_id}"


def _verb(verb):
    if isinstance(verb, dict):
        return verb
    verb_id = VERBS.get(verb, verb)
    short = verb_id.rsplit("/", 1)[-1]
    display = {"en-US": short}
    if short in VERB_NAMES_VI:
        display["vi-VN"] = VERB_NAMES_VI[short]
    return {"id": verb_id, "display": display}


def _activity(activity):
    if isinstance(activity, str):
        return {"objectType": "Activity", "id": activity}
    return {"objectType": "Activity", **activity}


def record(user, verb, activity, *, result=None, context=None, registration=None, timestamp=None):
    """Store a statement about `user` from the site itself; processors run before this returns."""
    statement = {"actor": actor_for(user), "verb": _verb(verb), "object": _activity(activity)}
    if result:
        statement["result"] = result
    context = dict(context or {})
    if registration:
        context["registration"] = str(registration)
    context.setdefault("platform", settings.WAGTAIL_SITE_NAME)
    context.setdefault("language", "vi-VN")
    statement["context"] = context
    if timestamp:
        statement["timestamp"] = timestamp.isoformat()
    writer = Writer(authority=site_authority(), source=Source.SITE, may_void_any=True)
    (statement_id,) = store([statement], "1.0.3", writer)
    return Statement.objects.get(statement_id=statement_id)


def create_credential(name, scopes=("all",), owner=None, expires_at=None):
    """A new LRS credential; returns (credential, key, secret). The secret is shown only now."""
    unknown = set(scopes) - set(Scope.values)
    if unknown:
        raise ValueError(f"unknown scopes: {', '.join(sorted(unknown))}")
    credential = Credential(
        name=unicodedata.normalize("NFC", name),
        key=secrets.token_hex(16),
        scopes=list(scopes),
        owner=owner,
        expires_at=expires_at,
    )
    secret = credential.set_secret()
    credential.save()
    return credential, credential.key, secret


def launch_credential(user, activity_id, registration, minutes=240):
    """A short-lived credential for content `user` launched: it may only speak about them, and what it
    says moves progress only on `activity_id` in `registration` (see courses.trust).

    Its name carries no identifier of the learner: authorities copy it into every statement.
    """
    credential, key, secret = create_credential(
        "launch",
        scopes=[Scope.STATEMENTS_WRITE, Scope.STATEMENTS_READ_MINE, Scope.STATE],
        owner=user,
        expires_at=timezone.now() + timedelta(minutes=minutes),
    )
    credential.activity_id = activity_id
    credential.registration = registration
    credential.save(update_fields=["activity_id", "registration"])
    return credential, key, secret


def statement_writer(statement):
    """(source, credential or None) of a stored statement: who wrote it, for trust decisions."""
    # Live processing hands over the row with its credential attached: no query then.
    return statement.source, statement.credential if statement.credential_id else None


def replay(fn, *, verb_ids=None, chunk_size=2000):
    """Call `fn(statement)` for every stored statement in the order they were stored."""
    queryset = Statement.objects.order_by("stored", "id")
    if verb_ids:
        queryset = queryset.filter(verb_id__in=list(verb_ids))
    for statement in queryset.iterator(chunk_size=chunk_size):
        fn(statement)


def statements_of(user):
    """The statements about a site user, oldest first (for their personal-data export)."""
    return Statement.objects.filter(user=user).order_by("stored", "id")


def forget_user(user):
    """Anonymise a user's statements in place before their account is deleted.

    xAPI treats statements as immutable, but personal-data law gives the learner the right to be
    forgotten: the record of what was learnt stays (coverage history stays true), the person does not.
    Their state and agent-profile documents are deleted. Returns the number of statements anonymised.
    """
    from .models import Document, StatementAgent

    old_ifi = actor_ifi_for(user)
    anonymous = {
        "objectType": "Agent",
        "account": {"homePage": settings.SITE_URL, "name": f"anonymous:{secrets.token_hex(12)}"},
    }
    new_ifi = f"account:{settings.SITE_URL}|{anonymous['account']['name']}"
    with transaction.atomic():
        rows = list(Statement.objects.select_for_update().filter(user=user))
        learner_authority = authority_for_learner(user)
        for row in rows:
            row.data = {**row.data, "actor": anonymous}
            if row.data.get("authority") == learner_authority:  # posted from their own browser
                row.data["authority"] = anonymous
            row.actor_ifi = new_ifi
            row.user = None
        Statement.objects.bulk_update(rows, ["data", "actor_ifi", "user"], batch_size=500)
        StatementAgent.objects.filter(ifi=old_ifi).update(ifi=new_ifi)
        Document.objects.filter(agent_ifi=old_ifi).delete()
    return len(rows)
