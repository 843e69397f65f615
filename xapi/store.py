"""Storing statements: validate the whole batch, then write it and run the processors in one transaction."""

import hashlib
import json
import time
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from . import bulk, processors
from .agents import agent_ifis_in, ifi_of
from .errors import BadRequest, Conflict, Forbidden
from .models import Activity, Attachment, OutboxItem, Source, Statement
from .signatures import verify_signed_statement
from .validation import SIGNATURE_USAGE, VOIDED_VERB, parse_timestamp, validate_statement

SET_BY_LRS = ("stored", "authority", "version")


@dataclass
class Writer:
    """Who is storing: the authority stamped on statements and what it may do."""

    authority: dict
    credential: object = None
    can_define: bool = True
    # With a restriction, every statement's actor must be this agent (a learner's own content).
    actor_ifi: str = ""
    # Recorded with each statement: downstream apps decide what to believe by who wrote it.
    source: str = Source.CREDENTIAL
    # The site itself and administrators' credentials may void any statement; others only their own.
    may_void_any: bool = False
    forward: bool = field(default_factory=lambda: bool(getattr(settings, "XAPI_FORWARD_URL", "")))


def site_authority():
    return {
        "objectType": "Agent",
        "name": settings.WAGTAIL_SITE_NAME,
        "account": {"homePage": settings.SITE_URL, "name": "lrs"},
    }


def canonical_json(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def comparable(data, timestamp_given=True):
    """What two statements with one id must share to be the same statement."""
    trimmed = {key: value for key, value in data.items() if key not in SET_BY_LRS}
    if not timestamp_given:
        trimmed.pop("timestamp", None)
    return canonical_json(trimmed)


def _collect_activities(statement, definitions):
    """{activity id: named directly} of one statement; each activity's definition merged into `definitions`."""
    seen = {}
    for activity_id, direct, definition in _activities_in(statement):
        seen[activity_id] = seen.get(activity_id, False) or direct
        if definition:
            definitions[activity_id] = merge_definition(definitions.get(activity_id, {}), definition)
        else:
            definitions.setdefault(activity_id, {})
    return seen


def _activities_in(statement):
    """(activity id, direct, definition) for every activity a statement or its sub-statement mentions."""
    found = []

    def visit(part, direct):
        obj = part["object"]
        if obj.get("objectType", "Activity") == "Activity":
            found.append((obj["id"], direct, obj.get("definition")))
        for group in part.get("context", {}).get("contextActivities", {}).values():
            for activity in group if isinstance(group, list) else [group]:
                found.append((activity["id"], False, activity.get("definition")))
        if obj.get("objectType") == "SubStatement":
            visit(obj, False)

    visit(statement, True)
    return found


def _agents_in(statement):
    """(ifi, direct) for every agent and group a statement mentions; direct means actor or object."""
    found = []

    def add(agent, direct):
        # A group's members are as direct as the group: an `agent` filter finds its members' statements.
        for ifi in agent_ifis_in(agent):
            found.append((ifi, direct))

    def visit(part, direct):
        add(part["actor"], direct)
        obj = part["object"]
        if obj.get("objectType") in ("Agent", "Group"):
            add(obj, direct)
        context = part.get("context", {})
        for key in ("instructor", "team"):
            if key in context:
                add(context[key], False)
        for item in context.get("contextAgents", []):
            add(item["agent"], False)
        for item in context.get("contextGroups", []):
            add(item["group"], False)
        if obj.get("objectType") == "SubStatement":
            visit(obj, False)

    visit(statement, True)
    if "authority" in statement:
        add(statement["authority"], False)
    return found


def merge_definition(canonical, incoming):
    """Merge a definition into the canonical one: language maps gain languages, the rest is replaced."""
    merged = dict(canonical)
    for key, value in incoming.items():
        if key in ("name", "description", "extensions") and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def normalise(statement):
    """Single context activities become arrays of one, as the LRS must return them."""

    def fix(part):
        context = part.get("context")
        if context and "contextActivities" in context:
            part["context"] = {
                **context,
                "contextActivities": {
                    key: value if isinstance(value, list) else [value]
                    for key, value in context["contextActivities"].items()
                },
            }
        if part.get("object", {}).get("objectType") == "SubStatement":
            part["object"] = fix(dict(part["object"]))
        return part

    return fix(statement)


def _check_attachments(statement, parts, index):
    """Every attachment without a fileUrl must arrive as a part whose sha2 matches."""
    for attachment in statement.get("attachments", []):
        if "fileUrl" not in attachment and attachment["sha2"] not in parts:
            raise BadRequest(f"statement[{index}].attachments: no part with sha2 {attachment['sha2']}")
        if attachment["usageType"] == SIGNATURE_USAGE:
            part = parts.get(attachment["sha2"])
            if part is None:
                raise BadRequest(f"statement[{index}]: the signature attachment must be sent as a part")
            if attachment["contentType"] != "application/octet-stream":
                raise BadRequest(f"statement[{index}]: a signature's contentType must be application/octet-stream")
            verify_signed_statement(statement, part[1])


def prepare(statements, version, writer, parts=None):
    """Validate a batch and give each statement its id; raise before anything is written."""
    parts = parts or {}
    seen = set()
    prepared = []
    for index, statement in enumerate(statements):
        validate_statement(statement, version, path=f"statement[{index}]" if len(statements) > 1 else "statement")
        statement = dict(statement)
        statement_id = str(uuid.UUID(statement["id"])) if "id" in statement else str(uuid.uuid4())
        statement["id"] = statement_id
        if statement_id in seen:
            raise BadRequest(f"statement id {statement_id} appears twice in the batch")
        seen.add(statement_id)
        if writer.actor_ifi and ifi_of(statement["actor"]) != writer.actor_ifi:
            raise Forbidden("statements may only be about the signed-in learner")
        _check_attachments(statement, parts, index)
        prepared.append(normalise(statement))
    # A part no attachment asks for would be dropped unseen: the request is malformed (Communication 1.5.2).
    referenced = {a["sha2"] for statement in prepared for a in statement.get("attachments", [])}
    unclaimed = sorted(set(parts) - referenced)
    if unclaimed:
        raise BadRequest(f"the multipart part with sha2 {unclaimed[0]} belongs to no attachment of the statements")
    return prepared


def _uuid_or_none(value):
    return uuid.UUID(value) if value else None


def _stamp(statement, version, writer, stored):
    data = dict(statement)
    timestamp_given = "timestamp" in data
    data["stored"] = stored.isoformat().replace("+00:00", "Z")
    data["authority"] = writer.authority
    data.setdefault("version", "2.0.0" if version == "2.0.0" else "1.0.0")
    if not timestamp_given:
        data["timestamp"] = data["stored"]
    return data, timestamp_given


def _users_by_public_id(prepared):
    names = set()
    for statement in prepared:
        account = statement["actor"].get("account")
        if account and account.get("homePage") == settings.SITE_URL:
            names.add(account.get("name"))
    valid = []
    for name in names:
        try:
            valid.append(uuid.UUID(str(name)))
        except ValueError:
            continue
    if not valid:
        return {}
    users = get_user_model().objects.filter(public_id__in=valid).only("id", "public_id")
    return {str(user.public_id): user.pk for user in users}


def store(statements, version, writer, parts=None):
    """Store a batch; return the ids in order. All or nothing: a bad statement stores none."""
    prepared = prepare(statements, version, writer, parts)
    ids = [statement["id"] for statement in prepared]
    if _fast_path_applies(prepared, writer, parts):
        # A lone statement no processor cares about goes in with autocommit: one round trip. A batch
        # needs a transaction all the same (all or nothing), and so does a statement a processor reads.
        if len(prepared) == 1 and not processors.any_cares(prepared[0]):
            _write_fast(prepared, version, writer, run_processors=False)
        else:
            with transaction.atomic():
                _write_fast(prepared, version, writer, run_processors=True)
        return ids
    with transaction.atomic():
        existing = {
            str(row.statement_id): row
            for row in Statement.objects.filter(statement_id__in=ids).only("statement_id", "data", "timestamp_given")
        }
        new = []
        for statement in prepared:
            found = existing.get(statement["id"])
            if found is None:
                new.append(statement)
            elif comparable(found.data, found.timestamp_given) != comparable(statement, "timestamp" in statement):
                raise Conflict(f"statement {statement['id']} exists with different content")
        if new:
            _write(new, version, writer, parts or {})
    return ids


def _fast_path_applies(prepared, writer, parts):
    """Statements that need none of the slow path's extra steps: no voiding, attachment parts or outbox."""
    if connection.vendor != "postgresql" or parts or writer.forward:
        return False
    return not any(statement["verb"]["id"] == VOIDED_VERB for statement in prepared)


def _site_public_id(actor):
    account = actor.get("account")
    if not account or account.get("homePage") != settings.SITE_URL:
        return None
    name = str(account.get("name"))
    try:
        public_id = uuid.UUID(name)
    except ValueError:
        return None
    # Only the id exactly as the site writes it names a user, as in `_users_by_public_id`.
    return public_id if str(public_id) == name else None


def _write_fast(prepared, version, writer, run_processors):
    """Insert what is new in one statement, then compare what already existed (409 when it differs)."""
    stored = timezone.now()
    authority = writer.authority
    columns = tuple([] for _ in bulk.UPSERT_COLUMNS)
    activity_links, agent_links = ([], [], []), ([], [], [])
    definitions = {}
    rows = []
    for statement in prepared:
        data, timestamp_given = _stamp(statement, version, writer, stored)
        obj = statement["object"]
        object_type = obj.get("objectType", "Activity")
        statement_id = statement["id"]
        row = (
            statement_id,
            json.dumps(data, ensure_ascii=False),
            data["version"],
            ifi_of(statement["actor"]),
            ifi_of(obj) if object_type in ("Agent", "Group") else "",
            statement["verb"]["id"],
            obj["id"] if object_type == "Activity" else None,
            obj["id"] if object_type == "StatementRef" else None,
            statement.get("context", {}).get("registration"),
            parse_timestamp(data["timestamp"], "timestamp", "1.0.3"),
            timestamp_given,
            _site_public_id(statement["actor"]),
        )
        for column, value in zip(columns, row, strict=True):
            column.append(value)
        rows.append((statement, data, row))
        seen_activities = _collect_activities(statement, definitions)
        for activity_id, direct in seen_activities.items():
            for column, value in zip(activity_links, (statement_id, activity_id, direct), strict=True):
                column.append(value)
        seen_agents = {}
        for ifi, direct in _agents_in({**statement, "authority": authority}):
            seen_agents[ifi] = seen_agents.get(ifi, False) or direct
        for ifi, direct in seen_agents.items():
            for column, value in zip(agent_links, (statement_id, ifi, direct), strict=True):
                column.append(value)
    now = time.monotonic()
    pending = {
        a: (d if writer.can_define else {})
        for a, d in definitions.items()
        if not _unchanged(a, d if writer.can_define else {}, now)
    }
    inserted, defined = bulk.upsert(
        stored,
        writer.credential.pk if writer.credential is not None else None,
        writer.source,
        columns,
        activity_links,
        agent_links,
        (list(pending), [json.dumps(d, ensure_ascii=False) for d in pending.values()]),
    )
    inserted = {str(key): value for key, value in inserted.items()}
    existing = [row for row in rows if row[0]["id"] not in inserted]
    if existing:
        found = {
            str(s.statement_id): s
            for s in Statement.objects.filter(statement_id__in=[row[0]["id"] for row in existing]).only(
                "statement_id", "data", "timestamp_given"
            )
        }
        for statement, _data, _row in existing:
            other = found.get(statement["id"])
            if other is None or comparable(other.data, other.timestamp_given) != comparable(
                statement, "timestamp" in statement
            ):
                # Absent means it was stored and voided away between the insert and this read: a race
                # the client can retry.
                raise Conflict(f"statement {statement['id']} exists with different content")
    for activity_id in defined:
        transaction.on_commit(lambda a=activity_id, d=pending[activity_id]: _remember(a, d, now))
    # Activities that existed already: merge their definitions as the slow path does.
    rest = {a: d for a, d in pending.items() if a not in defined}
    if rest and inserted:
        _save_definitions(rest, writer.can_define)
    if run_processors and inserted:
        for statement, data, row in rows:
            if statement["id"] not in inserted:
                continue
            pk, user_id = inserted[statement["id"]]
            processors.run(
                Statement(
                    pk=pk,
                    statement_id=uuid.UUID(statement["id"]),
                    data=data,
                    version=row[2],
                    actor_ifi=row[3],
                    object_ifi=row[4],
                    verb_id=row[5],
                    activity_id=row[6],
                    object_statement_id=_uuid_or_none(row[7]),
                    registration=_uuid_or_none(row[8]),
                    timestamp=row[9],
                    stored=stored,
                    voided=False,
                    is_voiding=False,
                    user_id=user_id,
                    credential=writer.credential,
                    source=writer.source,
                    timestamp_given=row[10],
                )
            )


def _void_targets(new, writer):
    """Check voiding statements and return the ids they void.

    A caller voids only what it wrote itself (the same authority), unless it is the site or an
    administrator's credential: a learner must not be able to take back another's record or the site's.
    """
    targets = {uuid.UUID(s["object"]["id"]) for s in new if s["verb"]["id"] == VOIDED_VERB}
    if not targets:
        return set()
    voiding_ids = {uuid.UUID(s["id"]) for s in new if s["verb"]["id"] == VOIDED_VERB}
    existing = list(Statement.objects.filter(statement_id__in=targets).values_list("is_voiding", "data"))
    if targets & voiding_ids or any(is_voiding for is_voiding, _data in existing):
        raise BadRequest("a voiding statement cannot be voided")
    if not writer.may_void_any:
        own = ifi_of(writer.authority)
        for _is_voiding, data in existing:
            if ifi_of(data.get("authority") or {}) != own:
                raise Forbidden(f"statement {data['id']} was stored by another authority: only it may void it")
    return targets


def _write(new, version, writer, parts):
    stored = timezone.now()
    void_targets = _void_targets(new, writer)
    users = _users_by_public_id(new)
    rows = []
    for statement in new:
        data, timestamp_given = _stamp(statement, version, writer, stored)
        obj = statement["object"]
        object_type = obj.get("objectType", "Activity")
        account = statement["actor"].get("account") or {}
        rows.append(
            Statement(
                statement_id=uuid.UUID(statement["id"]),
                data=data,
                version=data["version"],
                actor_ifi=ifi_of(statement["actor"]),
                object_ifi=ifi_of(obj) if object_type in ("Agent", "Group") else "",
                verb_id=statement["verb"]["id"],
                activity_id=obj["id"] if object_type == "Activity" else None,
                object_statement_id=uuid.UUID(obj["id"]) if object_type == "StatementRef" else None,
                registration=_uuid_or_none(statement.get("context", {}).get("registration")),
                timestamp=parse_timestamp(data["timestamp"], "timestamp", "1.0.3"),
                stored=stored,
                is_voiding=statement["verb"]["id"] == VOIDED_VERB,
                user_id=users.get(account.get("name")) if account.get("homePage") == settings.SITE_URL else None,
                credential=writer.credential,
                source=writer.source,
                timestamp_given=timestamp_given,
            )
        )
    definitions = {}
    by_row = {}
    authority = writer.authority
    for row, statement in zip(rows, new, strict=True):
        seen_activities = _collect_activities(statement, definitions)
        seen_agents = {}
        for ifi, direct in _agents_in({**statement, "authority": authority}):
            seen_agents[ifi] = seen_agents.get(ifi, False) or direct
        by_row[id(row)] = (list(seen_activities.items()), list(seen_agents.items()))
    bulk.insert(rows, lambda row: by_row[id(row)])
    _save_definitions(definitions, writer.can_define)
    _save_attachments(new, parts)
    if void_targets:
        Statement.objects.filter(statement_id__in=void_targets, is_voiding=False).update(voided=True)
    if writer.forward:
        OutboxItem.objects.bulk_create([OutboxItem(statement=row) for row in rows])
        transaction.on_commit(_kick_forwarding)
    for row in rows:
        processors.run(row)


# Canonical definitions this process has seen stored, so a steady stream of statements about known
# activities costs no query. Entries expire: another process may have changed a definition since.
_known_definitions = {}
KNOWN_DEFINITIONS_MAX = 20_000
KNOWN_DEFINITIONS_SECONDS = 60


def _unchanged(activity_id, definition, now):
    known = _known_definitions.get(activity_id)
    if known is None or now - known[1] > KNOWN_DEFINITIONS_SECONDS:
        return False
    return not definition or merge_definition(known[0], definition) == known[0]


def _remember(activity_id, definition, now):
    if len(_known_definitions) >= KNOWN_DEFINITIONS_MAX:
        _known_definitions.clear()
    _known_definitions[activity_id] = (definition, now)


def _save_definitions(definitions, can_define):
    now = time.monotonic()
    definitions = {a: d for a, d in definitions.items() if not _unchanged(a, d if can_define else {}, now)}
    if not definitions:
        return
    known = {a.activity_id: a for a in Activity.objects.filter(activity_id__in=list(definitions))}
    create, update = [], []
    for activity_id, definition in definitions.items():
        activity = known.get(activity_id)
        if activity is None:
            activity = Activity(activity_id=activity_id, definition=definition if can_define else {})
            create.append(activity)
        elif can_define and definition:
            merged = merge_definition(activity.definition, definition)
            if merged != activity.definition:
                activity.definition = merged
                update.append(activity)
        # Remembered only once the transaction commits: a rolled-back batch defined nothing.
        transaction.on_commit(lambda a=activity: _remember(a.activity_id, a.definition, now))
    Activity.objects.bulk_create(create, ignore_conflicts=True)
    if update:
        Activity.objects.bulk_update(update, ["definition", "updated"])


def _save_attachments(new, parts):
    wanted = {}
    for statement in new:
        for attachment in statement.get("attachments", []):
            if attachment["sha2"] in parts:
                wanted[attachment["sha2"]] = parts[attachment["sha2"]]
    if not wanted:
        return
    have = set(Attachment.objects.filter(sha2__in=list(wanted)).values_list("sha2", flat=True))
    Attachment.objects.bulk_create(
        [
            Attachment(sha2=sha2, content_type=content_type, content=content, length=len(content))
            for sha2, (content_type, content) in wanted.items()
            if sha2 not in have
        ],
        ignore_conflicts=True,
    )


def _kick_forwarding():
    from .forwarding import kick

    kick()


def sha2_of(content):
    return hashlib.sha256(content).hexdigest()
