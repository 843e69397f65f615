"""Document resources: activities/state, activities/profile, agents/profile."""

import hashlib
import json
import uuid

from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone

from ..agents import ifi_of, parse_agent_param
from ..errors import BadRequest, Conflict, Forbidden, NotFound, PreconditionFailed
from ..http import http_date, require_scope, xapi_resource
from ..limits import CONTENT_TYPE_MAX, DOCUMENT_ID_MAX, check_length, parse_json
from ..models import Document, Scope
from ..validation import check_activity_id, parse_timestamp


def _etag(content):
    return hashlib.sha1(content, usedforsecurity=False).hexdigest()


def _quoted(etag, version):
    # Entity tags are quoted strings (RFC 9110), in 1.0.3 as in 2.0.0.
    return f'"{etag}"'


def _tags(header):
    return {tag.strip().removeprefix("W/").strip('"') for tag in header.split(",") if tag.strip()}


def _check_preconditions(xrequest, document, strict):
    if_match = xrequest.header("if-match")
    if_none_match = xrequest.header("if-none-match")
    if if_match is not None:
        tags = _tags(if_match)
        if document is None or ("*" not in tags and document.etag not in tags):
            raise PreconditionFailed("If-Match does not match the current document")
    if if_none_match is not None:
        tags = _tags(if_none_match)
        if document is not None and ("*" in tags or document.etag in tags):
            raise PreconditionFailed("If-None-Match: the document exists")
    if strict and document is not None and if_match is None and if_none_match is None:
        # Communication 3.1.s4.b14: say how to resolve it.
        raise Conflict(
            "the document exists: GET it to check its current state, then send its ETag in If-Match "
            "(or If-None-Match: * to create only a missing document)"
        )


class DocumentSet:
    """Which documents a request addresses: kind plus activity, agent, registration."""

    def __init__(self, kind, activity_id="", agent_ifi="", registration=""):
        self.kind, self.activity_id, self.agent_ifi, self.registration = (
            kind,
            activity_id,
            agent_ifi,
            registration,
        )

    def queryset(self):
        return Document.objects.filter(
            kind=self.kind,
            activity_id=self.activity_id,
            agent_ifi=self.agent_ifi,
            registration=self.registration,
        )


def _activity_param(params):
    if "activityId" not in params:
        raise BadRequest("activityId is required")
    return check_activity_id(params["activityId"], "activityId")


def _agent_param(xrequest):
    if "agent" not in xrequest.params:
        raise BadRequest("agent is required")
    agent = parse_agent_param(xrequest.params["agent"])
    principal = xrequest.principal
    if principal.only_user is not None:
        from ..services import actor_ifi_for

        if ifi_of(agent) != actor_ifi_for(principal.only_user):
            raise Forbidden("documents may only be about the signed-in learner")
    return ifi_of(agent)


def _registration_param(params):
    if "registration" not in params:
        return ""
    try:
        return str(uuid.UUID(params["registration"]))
    except ValueError as exc:
        raise BadRequest("registration must be a UUID") from exc


def _check_params(params, allowed):
    unknown = set(params) - set(allowed)
    if unknown:
        raise BadRequest(f"unknown parameters: {', '.join(sorted(unknown))}")


def _merge(existing, incoming):
    try:
        old = parse_json(bytes(existing.content), "the stored document", allow_nul=True)
    except BadRequest as exc:
        raise BadRequest(f"POST merges JSON objects only: {exc.reason}") from exc
    if not isinstance(old, dict):
        raise BadRequest("POST merges JSON objects only")
    old.update(incoming)
    # json.dumps escapes NUL as \u0000, so a merged document stays valid JSON text.
    return json.dumps(old, ensure_ascii=False).encode("utf-8"), "application/json"


def _write(xrequest, scope, document_id, strict):
    content_type = xrequest.content_type or "application/octet-stream"
    check_length(content_type, CONTENT_TYPE_MAX, "Content-Type")
    content = xrequest.body
    if xrequest.method == "POST":
        if not content_type.startswith("application/json"):
            raise BadRequest("POST to a document takes application/json; use PUT for other content")
        # The content is stored as bytes, so NUL is fine; NaN, Infinity or a lone surrogate could not merge.
        incoming = parse_json(content, "the document", allow_nul=True)
        if not isinstance(incoming, dict):
            raise BadRequest("POST merges JSON objects only")
    with transaction.atomic():
        document = scope.queryset().select_for_update().filter(document_id=document_id).first()
        _check_preconditions(xrequest, document, strict=strict and xrequest.method == "PUT")
        if document is not None and xrequest.method == "POST":
            if not document.content_type.startswith("application/json"):
                raise BadRequest("the stored document is not JSON, so it cannot be merged")
            content, content_type = _merge(document, incoming)
        if document is None:
            document = Document(
                kind=scope.kind,
                activity_id=scope.activity_id,
                agent_ifi=scope.agent_ifi,
                registration=scope.registration,
                document_id=document_id,
            )
        document.content, document.content_type = content, content_type
        document.etag, document.updated = _etag(content), timezone.now()
        try:
            with transaction.atomic():
                document.save()
        except IntegrityError as exc:
            raise Conflict("the document was written at the same time by another request") from exc
    return HttpResponse(status=204)


def _read_one(xrequest, scope, document_id):
    document = scope.queryset().filter(document_id=document_id).first()
    if document is None:
        raise NotFound("no such document")
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["ETag"] = _quoted(document.etag, xrequest.version)
    response["Last-Modified"] = http_date(document.updated)
    return response


def _read_ids(xrequest, scope):
    documents = scope.queryset()
    if "since" in xrequest.params:
        documents = documents.filter(updated__gt=parse_timestamp(xrequest.params["since"], "since", xrequest.version))
    return JsonResponse(list(documents.order_by("document_id").values_list("document_id", flat=True)), safe=False)


def _handle(xrequest, scope, id_param, strict, allow_set_delete):
    document_id = check_length(xrequest.params.get(id_param), DOCUMENT_ID_MAX, id_param)
    method = xrequest.method
    if method in ("PUT", "POST"):
        if not document_id:
            raise BadRequest(f"{id_param} is required")
        return _write(xrequest, scope, document_id, strict)
    if method == "DELETE":
        if document_id:
            document = scope.queryset().filter(document_id=document_id).first()
            _check_preconditions(xrequest, document, strict=False)
            if document is not None:
                document.delete()
        elif allow_set_delete:
            scope.queryset().delete()
        else:
            raise BadRequest(f"{id_param} is required")
        return HttpResponse(status=204)
    if document_id:
        return _read_one(xrequest, scope, document_id)
    return _read_ids(xrequest, scope)


@xapi_resource(methods=("GET", "PUT", "POST", "DELETE"))
def state(xrequest):
    require_scope(xrequest, Scope.STATE)
    params = xrequest.params
    _check_params(params, ("activityId", "agent", "registration", "stateId", "since"))
    if "since" in params and "stateId" in params:
        raise BadRequest("since is only for listing ids")
    scope = DocumentSet(
        Document.Kind.STATE,
        activity_id=_activity_param(params),
        agent_ifi=_agent_param(xrequest),
        registration=_registration_param(params),
    )
    # xAPI 1.0.3 exempts the State resource from the PUT-without-precondition conflict (Communication 3.1.s3);
    # 2.0.0 (IEEE 9274.1.1) no longer does.
    return _handle(xrequest, scope, "stateId", strict=xrequest.version == "2.0.0", allow_set_delete=True)


def _profile(xrequest, subject_param, documents_of):
    """A profile resource: the documents of one subject (an activity or an agent) named by profileId."""
    require_scope(xrequest, Scope.PROFILE)
    _check_params(xrequest.params, (subject_param, "profileId", "since"))
    return _handle(xrequest, documents_of(xrequest), "profileId", strict=True, allow_set_delete=False)


@xapi_resource(methods=("GET", "PUT", "POST", "DELETE"))
def activity_profile(xrequest):
    return _profile(
        xrequest,
        "activityId",
        lambda req: DocumentSet(Document.Kind.ACTIVITY_PROFILE, activity_id=_activity_param(req.params)),
    )


@xapi_resource(methods=("GET", "PUT", "POST", "DELETE"))
def agent_profile(xrequest):
    return _profile(
        xrequest, "agent", lambda req: DocumentSet(Document.Kind.AGENT_PROFILE, agent_ifi=_agent_param(req))
    )
