"""The public face of xapi: the only module other apps may import from it.

- `record()`: the one way the site's own pages emit a statement.
- `register_processor()`: run a function for every stored statement, whatever its source.
- `create_credential()` / `launch_credential()`: LRS keys for other systems and for launched content.
- `replay()`: feed stored statements to a function again (rebuilding derived data);
  `stored_statement()`, `standing_statements()`: read stored statements back (progress, audits).
- `learner_ifis()`, `statements_of()` / `forget_user()`: a learner's personal data, found, exported or
  anonymised.
"""

import hashlib
import re
import secrets
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import processors
from .agents import IFI_KEYS, ifi_of
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


def stored_statement(statement_id, fields=None):
    """The stored statement with this id (voided or not), or None; `fields` limits the columns read."""
    queryset = Statement.objects.filter(statement_id=statement_id)
    if fields:
        queryset = queryset.only(*fields)
    return queryset.first()


def standing_statements(user_id, activity_ids, verb_ids):
    """The learner's statements about these activities with these verbs, not voided, oldest first."""
    return Statement.objects.filter(
        user_id=user_id, activity_id__in=list(activity_ids), verb_id__in=list(verb_ids), voided=False
    ).order_by("stored", "id")


def replay(fn, *, verb_ids=None, chunk_size=2000):
    """Call `fn(statement)` for every stored statement in the order they were stored."""
    queryset = Statement.objects.order_by("stored", "id")
    if verb_ids:
        queryset = queryset.filter(verb_id__in=list(verb_ids))
    for statement in queryset.iterator(chunk_size=chunk_size):
        fn(statement)


def learner_ifis(user, emails=(), phones=()):
    """Every agent IFI (as `agents.ifi_of` writes them) by which a statement may name `user`.

    Their account on this site, and for each *verified* address and phone the caller passes in (xapi
    does not know which are verified; an unverified one may be someone else's): the `mailto:` mbox, its
    mbox_sha1sum (of the address as written and in lower case, hex in either case), an account on this
    site named by it; a phone as a `tel:` openid (+84… and 0… forms) or an account named by it.
    """
    site = settings.SITE_URL
    ifis = {actor_ifi_for(user)}
    for address in emails:
        address = address.strip()
        if not address:
            continue
        for form in {address, address.lower()}:
            digest = hashlib.sha1(f"mailto:{form}".encode()).hexdigest()  # noqa: S324 (the xAPI IFI)
            ifis |= {f"mbox_sha1sum:{digest}", f"mbox_sha1sum:{digest.upper()}", f"account:{site}|{form}"}
        ifis.add(f"mbox:mailto:{address.lower()}")
    for phone in phones:
        if not phone:
            continue
        forms = {phone, "0" + phone[3:]} if phone.startswith("+84") else {phone}
        for form in forms:
            ifis |= {f"openid:tel:{form}", f"account:{site}|{form}"}
    return ifis


def _credential_ifis(user):
    """The authorities of the learner's own (launch) credentials: each statement they wrote carries one."""
    keys = Credential.objects.filter(owner=user).values_list("key", flat=True)
    return {f"account:{settings.SITE_URL}|lrs-credential/{key}" for key in keys}


def _about(user, ifis):
    from .models import StatementAgent

    # One indexed lookup: the link rows name every agent a statement mentions, authority included.
    linked = StatementAgent.objects.filter(ifi__in=list(ifis)).values("statement_id")
    return Statement.objects.filter(Q(user=user) | Q(pk__in=linked))


def statements_of(user, emails=(), phones=()):
    """The statements about a site user, oldest first (for their personal-data export), voided ones too:
    every statement that names them anywhere (actor, object, context, sub-statement, authority) by their
    account or by one of the verified `emails` and `phones` the caller knows for them.
    """
    ifis = learner_ifis(user, emails, phones) | _credential_ifis(user)
    return _about(user, ifis).order_by("stored", "id")


def _needles(user, emails, phones):
    """Identifier strings to scrub from free text: whole agents are replaced, but an address may also sit
    in a result, an extension or an attachment's display."""
    needles = {str(user.public_id), user.public_id.hex}
    for address in emails:
        if address.strip():
            needles.add(address.strip().lower())
            for form in {address.strip(), address.strip().lower()}:
                needles.add(hashlib.sha1(f"mailto:{form}".encode()).hexdigest())  # noqa: S324
    for phone in phones:
        if phone:
            needles.add(phone)
            if phone.startswith("+84"):
                needles.add("0" + phone[3:])
    name = unicodedata.normalize("NFC", getattr(user, "full_name", "") or "").strip()
    if " " in name:  # a whole name; a single short word would match unrelated text
        needles.add(name.lower())
    return sorted(needles, key=len, reverse=True)


def _scrub_text(text, pattern, replacement):
    if pattern is None:
        return text
    normalised = unicodedata.normalize("NFC", text)
    return pattern.sub(replacement, normalised) if pattern.search(normalised) else text


def _agent_ifi(value):
    """`ifi_of`, for any JSON object: an extension may hold an "mbox" or "account" that is not an agent's."""
    try:
        return ifi_of(value)
    except (AttributeError, TypeError):
        return ""


def _anonymise(value, ifis, anonymous, pattern, key=None):
    """`value` with every agent or group identified by one of `ifis` replaced by `anonymous` (a group
    keeps its members, themselves anonymised) and identifiers removed from other text. Ids (statement,
    activity, verb) are left alone: the indexed columns and links rely on them."""
    if isinstance(value, dict):
        if _agent_ifi(value) in ifis:
            kept = {k: v for k, v in value.items() if k not in ("name", *IFI_KEYS)}
            value = {**kept, "account": dict(anonymous["account"])}
            if "objectType" not in value:
                value = {"objectType": "Agent", **value}
        return {k: _anonymise(v, ifis, anonymous, pattern, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_anonymise(v, ifis, anonymous, pattern, key) for v in value]
    if isinstance(value, str) and key not in ("id", "sha2"):
        return _scrub_text(value, pattern, anonymous["account"]["name"])
    return value


def forget_user(user, emails=(), phones=()):
    """Anonymise every statement about a user in place before their account is deleted or scrubbed.

    xAPI treats statements as immutable, but personal-data law gives the learner the right to be
    forgotten: the record of what was learnt stays (coverage history stays true), the person does not.
    Every statement that names them (see `statements_of`; pass the same verified `emails` and `phones`)
    has each of their agents, wherever it appears, replaced by one anonymous agent; the indexed columns
    and link rows follow. Their state and agent-profile documents and their launch credentials are
    deleted. Statements already forwarded to another LRS are listed as ErasureNotice rows: the copy
    there is out of reach. Returns the number of statements anonymised.
    """
    from .models import Document, ErasureNotice, OutboxItem, StatementAgent

    anonymous = {
        "objectType": "Agent",
        "account": {"homePage": settings.SITE_URL, "name": f"anonymous:{secrets.token_hex(12)}"},
    }
    new_ifi = ifi_of(anonymous)
    needles = _needles(user, emails, phones)
    pattern = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE) if needles else None
    with transaction.atomic():
        ifis = learner_ifis(user, emails, phones) | _credential_ifis(user)
        rows = list(_about(user, ifis).select_for_update().order_by("id"))
        for row in rows:
            row.data = _anonymise(row.data, ifis, anonymous, pattern)
            row.actor_ifi = ifi_of(row.data["actor"])
            obj = row.data["object"]
            if obj.get("objectType") in ("Agent", "Group"):
                row.object_ifi = ifi_of(obj)
            if row.user_id == user.pk:
                row.user = None
        Statement.objects.bulk_update(rows, ["data", "actor_ifi", "object_ifi", "user"], batch_size=500)
        StatementAgent.objects.filter(ifi__in=list(ifis)).update(ifi=new_ifi)
        # Locked so that a drain sending one of them finishes first: then it is either sent (and listed
        # here) or sent later, anonymised (forwarding reads the statement when it sends).
        ids = [row.pk for row in rows]
        sent = list(
            OutboxItem.objects.select_for_update()
            .filter(statement_id__in=ids, sent_at__isnull=False)
            .values_list("statement__statement_id", "sent_at")
        )
        receiver = getattr(settings, "XAPI_FORWARD_URL", "")
        ErasureNotice.objects.bulk_create(
            [ErasureNotice(statement_id=sid, forwarded_at=at, receiver=receiver) for sid, at in sent]
        )
        documents = Q(agent_ifi__in=list(ifis))
        for needle in needles:
            documents |= Q(document_id__icontains=needle)
        Document.objects.filter(documents).delete()
        for credential in Credential.objects.filter(owner=user):
            credential.delete()  # through the model: the cache forgets it too
        if pattern:
            named = Q()
            for needle in needles:
                named |= Q(name__icontains=needle)
            for credential in Credential.objects.filter(named):
                credential.name = _scrub_text(credential.name, pattern, "")[:200].strip() or "—"
                credential.save(update_fields=["name"])
    return len(rows)
