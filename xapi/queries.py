"""Statement queries: the filters of GET /xapi/statements as index lookups, with cursor paging."""

import json
import uuid
from dataclasses import dataclass

from django.core import signing
from django.db.models import Q

from .agents import ifi_of, parse_agent_param
from .errors import BadRequest
from .models import Statement, StatementActivity, StatementAgent
from .validation import check_activity_id, check_verb_id, parse_timestamp

MAX_LIMIT = 500
QUERY_PARAMS = {
    "agent", "verb", "activity", "registration", "related_activities", "related_agents", "since", "until",
    "limit", "format", "attachments", "ascending", "cursor",
}  # fmt: skip
SINGLE_PARAMS = {"statementId", "voidedStatementId", "format", "attachments"}
CURSOR_SALT = "xapi.statements.more"


def parse_bool(params, name):
    value = params.get(name, "false").lower()
    if value not in ("true", "false"):
        raise BadRequest(f"{name} must be true or false")
    return value == "true"


def parse_format(params):
    fmt = params.get("format", "exact")
    if fmt not in ("exact", "ids", "canonical"):
        raise BadRequest("format must be exact, ids or canonical")
    return fmt


@dataclass
class StatementQuery:
    filters: Q
    ref_filters: Q | None
    ascending: bool
    limit: int
    since: object = None
    until: object = None


def parse_query(params, version):
    unknown = set(params) - QUERY_PARAMS
    if unknown:
        raise BadRequest(f"unknown parameters: {', '.join(sorted(unknown))}")
    matching = Q()
    if "agent" in params:
        ifi = ifi_of(parse_agent_param(params["agent"]))
        links = StatementAgent.objects.filter(ifi=ifi)
        if not parse_bool(params, "related_agents"):
            # Actor or object, or a member of a group that is the actor or object (Communication 2.1.3).
            links = links.filter(direct=True)
        matching &= Q(pk__in=links.values("statement_id"))
    if "verb" in params:
        matching &= Q(verb_id=check_verb_id(params["verb"], "verb"))
    if "activity" in params:
        check_activity_id(params["activity"], "activity")
        if parse_bool(params, "related_activities"):
            matching &= Q(
                pk__in=StatementActivity.objects.filter(activity_id=params["activity"]).values("statement_id")
            )
        else:
            matching &= Q(activity_id=params["activity"])
    if "registration" in params:
        try:
            matching &= Q(registration=uuid.UUID(params["registration"]))
        except ValueError as exc:
            raise BadRequest("registration must be a UUID") from exc
    parse_bool(params, "related_agents")
    parse_bool(params, "related_activities")
    parse_format(params)
    parse_bool(params, "attachments")
    try:
        limit = int(params.get("limit", "0"))
    except ValueError as exc:
        raise BadRequest("limit must be a non-negative integer") from exc
    if limit < 0:
        raise BadRequest("limit must be a non-negative integer")
    limit = MAX_LIMIT if limit == 0 else min(limit, MAX_LIMIT)
    query = StatementQuery(
        filters=matching,
        # Statements targeting a matching statement (StatementRef) match too, but not by time filters.
        ref_filters=matching if matching else None,
        ascending=parse_bool(params, "ascending"),
        limit=limit,
    )
    if "since" in params:
        query.since = parse_timestamp(params["since"], "since", version)
    if "until" in params:
        query.until = parse_timestamp(params["until"], "until", version)
    return query


def _window(queryset, query, cursor):
    if query.since is not None:
        queryset = queryset.filter(stored__gt=query.since)
    if query.until is not None:
        queryset = queryset.filter(stored__lte=query.until)
    if cursor:
        stored, pk = cursor
        if query.ascending:
            queryset = queryset.filter(Q(stored__gt=stored) | Q(stored=stored, pk__gt=pk))
        else:
            queryset = queryset.filter(Q(stored__lt=stored) | Q(stored=stored, pk__lt=pk))
    return queryset


def run_query(query, restrict, cursor=None):
    """One page of statements (one more than the limit, to know whether there is a next page)."""
    base = restrict(Statement.objects.filter(voided=False))
    order = ("stored", "id") if query.ascending else ("-stored", "-id")
    columns = ("id", "stored", "data")
    page = _window(base.filter(query.filters), query, cursor)
    if query.ref_filters is not None:
        targets = Statement.objects.filter(query.ref_filters).values("statement_id")
        # Including voiding statements: they target the statement they void (Communication 2.1.4).
        refs = _window(base.filter(object_statement_id__in=targets), query, cursor)
        page = page.values_list(*columns).union(refs.values_list(*columns)).order_by(*order)
    else:
        page = page.order_by(*order).values_list(*columns)
    return list(page[: query.limit + 1])


def encode_cursor(params, stored, pk):
    state = {key: params[key] for key in params if key != "cursor"}
    return signing.dumps({"p": state, "s": stored.isoformat(), "i": pk}, salt=CURSOR_SALT, compress=True)


def decode_cursor(token, params):
    try:
        payload = signing.loads(token, salt=CURSOR_SALT)
    except signing.BadSignature as exc:
        raise BadRequest("the 'more' cursor is not valid") from exc
    state = {key: params[key] for key in params if key != "cursor"}
    if payload["p"] != state:
        raise BadRequest("the 'more' cursor belongs to another query")
    from datetime import datetime

    return datetime.fromisoformat(payload["s"]), payload["i"]


def statement_json(data):
    """Stored statements keep their JSON; psycopg and SQLite hand it back already parsed or as text."""
    return json.loads(data) if isinstance(data, str) else data
