"""The statements resource: PUT, POST, GET (single or query), HEAD."""

import functools
import json
import re
import uuid
from urllib.parse import urlencode

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone

from .. import formats, limits, multipart, queries
from ..errors import BadRequest, NotFound
from ..http import http_date, require_scope, xapi_resource
from ..models import Attachment, Scope, Statement
from ..store import store


def _body_and_parts(xrequest):
    if xrequest.content_type == "multipart/mixed":
        json_bytes, parts = multipart.parse(xrequest.body, xrequest.raw_content_type)
        return limits.parse_json(json_bytes, "the statement part"), parts
    if xrequest.content_type not in ("application/json", ""):
        raise BadRequest("statements must be sent as application/json or multipart/mixed")
    return limits.parse_json(xrequest.body), {}


def _put(xrequest):
    statement_id = xrequest.params.get("statementId")
    if not statement_id:
        raise BadRequest("PUT needs the statementId parameter")
    if set(xrequest.params) - {"statementId"}:
        raise BadRequest("PUT takes only the statementId parameter")
    try:
        statement_id = str(uuid.UUID(statement_id))
    except ValueError as exc:
        raise BadRequest("statementId must be a UUID") from exc
    body, parts = _body_and_parts(xrequest)
    if not isinstance(body, dict):
        raise BadRequest("PUT takes a single statement")
    if "id" in body and str(body["id"]).lower() != statement_id:
        raise BadRequest("the statement's id differs from statementId")
    body = {**body, "id": statement_id}
    store([body], xrequest.version, xrequest.principal.writer, parts)
    return HttpResponse(status=204)


def _post(xrequest):
    if xrequest.params:
        raise BadRequest("POST to statements takes no parameters")
    body, parts = _body_and_parts(xrequest)
    statements = body if isinstance(body, list) else [body]
    if not statements:
        raise BadRequest("an empty batch stores nothing")
    for index, statement in enumerate(statements):
        if not isinstance(statement, dict):
            raise BadRequest(f"statement[{index}] must be a JSON object")
    ids = store(statements, xrequest.version, xrequest.principal.writer, parts)
    return JsonResponse(ids, safe=False)


def _restrict(principal):
    def restrict(queryset):
        if principal.only_user is not None:
            queryset = queryset.filter(user=principal.only_user)
        if principal.only_credential is not None:
            queryset = queryset.filter(credential=principal.only_credential)
        return queryset

    return restrict


def _respond(xrequest, statements, extra, last_modified):
    fmt = queries.parse_format(xrequest.params)
    want_attachments = queries.parse_bool(xrequest.params, "attachments")
    rendered = formats.render(statements, fmt, xrequest.header("accept-language", ""))
    payload = rendered[0] if extra is None else {**extra, "statements": rendered}
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    if want_attachments:
        hashes = {a["sha2"] for s in statements for a in s.get("attachments", []) if "sha2" in a}
        found = Attachment.objects.filter(sha2__in=hashes).values_list("sha2", "content_type", "content")
        body, content_type = multipart.build(body, list(found))
        response = HttpResponse(body, content_type=content_type)
    else:
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Last-Modified"] = http_date(last_modified)
    return response


def _get_one(xrequest, restrict):
    params = xrequest.params
    if "statementId" in params and "voidedStatementId" in params:
        raise BadRequest("give statementId or voidedStatementId, not both")
    extra = set(params) - queries.SINGLE_PARAMS
    if extra:
        raise BadRequest(f"{', '.join(sorted(extra))} cannot be used with statementId or voidedStatementId")
    voided = "voidedStatementId" in params
    raw = params["voidedStatementId"] if voided else params["statementId"]
    try:
        statement_id = uuid.UUID(raw)
    except ValueError as exc:
        raise BadRequest("the statement id must be a UUID") from exc
    row = restrict(Statement.objects.filter(statement_id=statement_id, voided=voided)).only("data", "stored").first()
    if row is None:
        raise NotFound("no such statement")
    return _respond(xrequest, [row.data], None, row.stored)


def _get(xrequest):
    principal = xrequest.principal
    require_scope(xrequest, Scope.STATEMENTS_READ, Scope.STATEMENTS_READ_MINE)
    restrict = _restrict(principal)
    consistent = timezone.now()
    params = xrequest.params
    if "statementId" in params or "voidedStatementId" in params:
        response = _get_one(xrequest, restrict)
    else:
        query = queries.parse_query(params, xrequest.version)
        cursor = queries.decode_cursor(params["cursor"], params) if "cursor" in params else None
        rows = queries.run_query(query, restrict, cursor)
        more = ""
        if len(rows) > query.limit:
            rows = rows[: query.limit]
            _pk, stored, _data = rows[-1]
            state = {key: params[key] for key in params if key != "cursor"}
            state["cursor"] = queries.encode_cursor(params, stored, _pk)
            more = reverse("xapi:statements") + "?" + urlencode(state)
        statements = [queries.statement_json(data) for _pk, _stored, data in rows]
        last = max((stored for _pk, stored, _data in rows), default=consistent)
        response = _respond(xrequest, statements, {"more": more}, last)
    response["X-Experience-API-Consistent-Through"] = consistent.isoformat().replace("+00:00", "Z")
    return response


@xapi_resource(methods=("GET", "PUT", "POST"))
def _statements(xrequest):
    if xrequest.method in ("PUT", "POST"):
        require_scope(xrequest, Scope.STATEMENTS_WRITE)
        return _put(xrequest) if xrequest.method == "PUT" else _post(xrequest)
    return _get(xrequest)


ALTERNATE_READ_RE = re.compile(r"(?:^|&)method=(?:GET|HEAD)(?:&|$)", re.IGNORECASE)


def _is_read(request):
    if request.method in ("GET", "HEAD"):
        return True
    return request.method == "POST" and bool(ALTERNATE_READ_RE.search(request.META.get("QUERY_STRING", "")))


@functools.wraps(_statements)
def statements(request, *args, **kwargs):
    response = _statements(request, *args, **kwargs)
    # Every GET of statements carries it, refusals included (Communication 2.1.3).
    if _is_read(request) and "X-Experience-API-Consistent-Through" not in response:
        response["X-Experience-API-Consistent-Through"] = timezone.now().isoformat().replace("+00:00", "Z")
    return response
