"""The xAPI HTTP layer shared by every resource: version, authentication, alternate syntax, CORS, errors."""

import base64
import binascii
import copy
import functools
import json
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import UTC
from email.utils import format_datetime
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponse, JsonResponse, QueryDict
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt

from . import limits
from .errors import BadRequest, Forbidden, Unauthorized, XAPIError
from .models import Credential, Scope, Source, credential_cache_key
from .store import Writer, site_authority

logger = logging.getLogger(__name__)

VERSION_FAMILIES = ((re.compile(r"^1\.0(\.\d+)?$"), "1.0.3"), (re.compile(r"^2\.0(\.\d+)?$"), "2.0.0"))
ALLOWED_HEADERS = (
    "Authorization, Content-Type, Content-Length, If-Match, If-None-Match, X-Experience-API-Version, "
    "X-Experience-API-Hash, Accept-Language, X-CSRFToken"
)
EXPOSED_HEADERS = "ETag, Last-Modified, Content-Type, X-Experience-API-Consistent-Through, X-Experience-API-Version"
ALTERNATE_HEADERS = {
    "authorization": "HTTP_AUTHORIZATION",
    "x-experience-api-version": "HTTP_X_EXPERIENCE_API_VERSION",
    "content-type": "CONTENT_TYPE",
    "content-length": "CONTENT_LENGTH",
    "if-match": "HTTP_IF_MATCH",
    "if-none-match": "HTTP_IF_NONE_MATCH",
}
CREDENTIAL_CACHE_SECONDS = 300
# Before the shared cache, each process keeps a credential this long: most requests then cost no round
# trip for it. Saving or deleting a credential forgets it in this process at once (xapi.apps); another
# process refuses a revoked credential within these seconds.
CREDENTIAL_PROCESS_SECONDS = 3
_MAX_PROCESS_CREDENTIALS = 10_000
_process_credentials = {}  # key -> (expires, Credential or None)


def forget_credential(key=None):
    """Drop one credential (or all) from this process's cache."""
    if key is None:
        _process_credentials.clear()
    else:
        _process_credentials.pop(key, None)


def version_family(raw):
    """The behaviour a version header asks for: "1.0.3" for any 1.0.x, "2.0.0" for 2.0.x, else None."""
    for pattern, family in VERSION_FAMILIES:
        if raw and pattern.match(raw.strip()):
            return family
    return None


@dataclass
class Principal:
    """Who is calling and what they may do."""

    scopes: set
    writer: Writer
    credential: Credential | None = None
    user: object = None
    # Reads limited to statements about this user (a session or a learner's launch credential).
    only_user: object = None
    # Reads limited to statements this credential stored (statements/read/mine).
    only_credential: object = None
    extra: dict = field(default_factory=dict)

    def has(self, *scopes):
        return Scope.ALL in self.scopes or any(scope in self.scopes for scope in scopes)


@dataclass
class XRequest:
    method: str
    version: str
    params: QueryDict
    headers: dict
    body: bytes
    content_type: str
    principal: Principal | None
    django: object

    def json_body(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise BadRequest("the body is not valid JSON") from exc

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)


def _credential_for(key):
    if limits.has_bad_text(key):  # no such key, and PostgreSQL would refuse the lookup itself
        return None
    now = time.monotonic()
    entry = _process_credentials.get(key)
    if entry is not None and entry[0] > now:
        return _own_copy(entry[1])
    cached = cache.get(credential_cache_key(key))
    if cached is None:
        credential = Credential.objects.filter(key=key).select_related("owner").first()
        cached = credential or False
        cache.set(credential_cache_key(key), cached, CREDENTIAL_CACHE_SECONDS)
    if len(_process_credentials) >= _MAX_PROCESS_CREDENTIALS:
        _process_credentials.clear()
    _process_credentials[key] = (now + CREDENTIAL_PROCESS_SECONDS, cached or None)
    return _own_copy(cached or None)


def _own_copy(credential):
    """The request's own copy of a cached credential (and its owner): requests run in several threads."""
    if credential is None:
        return None
    mine = copy.copy(credential)
    if credential.owner_id and Credential.owner.is_cached(credential):
        mine.owner = copy.copy(credential.owner)
    return mine


def _basic_principal(header):
    try:
        decoded = base64.b64decode(header.split(" ", 1)[1].strip(), validate=True).decode("utf-8")
        key, secret = decoded.split(":", 1)
    except (IndexError, ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise Unauthorized("malformed Basic credentials") from exc
    credential = _credential_for(key)
    if credential is None or not credential.check_secret(secret) or not credential.is_usable():
        raise Unauthorized("unknown, expired or wrong LRS credentials")
    scopes = set(credential.scopes)
    authority = {
        "objectType": "Agent",
        "name": credential.name,
        "account": {
            "homePage": site_authority()["account"]["homePage"],
            "name": f"lrs-credential/{credential.key}",
        },
    }
    writer = Writer(
        authority=authority,
        credential=credential,
        can_define=Scope.DEFINE in scopes or Scope.ALL in scopes,
        may_void_any=credential.is_administrator,
    )
    principal = Principal(scopes=scopes, writer=writer, credential=credential)
    if credential.owner_id:
        from .services import actor_ifi_for

        principal.user = credential.owner
        principal.only_user = credential.owner
        writer.actor_ifi = actor_ifi_for(credential.owner)
    if Scope.STATEMENTS_READ_MINE in scopes and not principal.has(Scope.STATEMENTS_READ):
        principal.only_credential = credential
    return principal


def _session_principal(request):
    from .services import actor_ifi_for, authority_for_learner

    user = request.user
    # The learner vouches for what their browser posts, never the site: such statements are stored and
    # shown, but they complete nothing (the trust rules downstream read `source`).
    writer = Writer(
        authority=authority_for_learner(user),
        can_define=False,
        actor_ifi=actor_ifi_for(user),
        source=Source.SESSION,
    )
    scopes = {Scope.STATEMENTS_WRITE, Scope.STATEMENTS_READ_MINE, Scope.STATE}
    return Principal(scopes=scopes, writer=writer, user=user, only_user=user)


def authenticate(request, headers, method):
    authorization = headers.get("authorization", "")
    if authorization.lower().startswith("basic "):
        return _basic_principal(authorization)
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        if method not in ("GET", "HEAD", "OPTIONS"):
            rejected = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
            if rejected is not None:
                raise Forbidden("CSRF check failed for a session-authenticated request")
        return _session_principal(request)
    raise Unauthorized("authentication required: HTTP Basic with an LRS credential")


def _alternate_request(request):
    """xAPI 1.0.3 alternate request syntax: POST ?method=X with headers and content as form fields."""
    method = request.GET.get("method", "").upper()
    if set(request.GET) - {"method"}:
        raise BadRequest("with the alternate request syntax only 'method' may be in the query string")
    if method not in ("GET", "HEAD", "PUT", "POST", "DELETE"):
        raise BadRequest("method must be GET, HEAD, PUT, POST or DELETE")
    if not request.content_type.startswith("application/x-www-form-urlencoded"):
        raise BadRequest("the alternate request syntax needs an application/x-www-form-urlencoded body")
    try:
        form_text = request.body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest("the form body is not UTF-8") from exc
    form = QueryDict(mutable=True)
    for key, value in parse_qsl(form_text, keep_blank_values=True):
        form.appendlist(key, value)
    headers, params = {}, QueryDict(mutable=True)
    content = form.pop("content", [""])[-1].encode("utf-8")
    for key in list(form):
        lowered = key.lower()
        if lowered in ALTERNATE_HEADERS:
            headers[lowered] = form[key]
        else:
            params.setlist(key, form.getlist(key))
    content_type = headers.get("content-type", "application/json" if content else "")
    return method, headers, params, content, content_type


def _request_headers(request):
    headers = {}
    for name, meta in ALTERNATE_HEADERS.items():
        value = request.META.get(meta)
        if value is not None:
            headers[name] = value
    if "HTTP_ACCEPT_LANGUAGE" in request.META:
        headers["accept-language"] = request.META["HTTP_ACCEPT_LANGUAGE"]
    return headers


def cors(response, request):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, PUT, POST, DELETE, OPTIONS"
    response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    response["Access-Control-Max-Age"] = "86400"
    return response


def error_response(reason, status, version):
    response = JsonResponse({"error": True, "message": reason, "status": status}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Basic realm="xAPI"'
    if version:
        response["X-Experience-API-Version"] = version
    return response


def http_date(moment):
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def xapi_resource(methods, needs_version=True, needs_auth=True):
    """Wrap a resource handler `fn(xrequest) -> HttpResponse` with the protocol every resource shares."""

    def decorate(fn):
        @csrf_exempt
        @functools.wraps(fn)
        def view(request, *args, **kwargs):
            version = None
            try:
                if request.method == "OPTIONS":
                    return cors(HttpResponse(status=200), request)
                method, headers = request.method, _request_headers(request)
                # META keeps the parameters (multipart boundary) that request.content_type drops.
                params, body, content_type = request.GET.copy(), request.body, request.META.get("CONTENT_TYPE", "")
                if method == "POST" and "method" in request.GET:
                    raw_version = headers.get("x-experience-api-version", "")
                    if version_family(raw_version) == "2.0.0":
                        version = "2.0.0"
                        raise BadRequest("the alternate request syntax is not part of xAPI 2.0.0")
                    method, form_headers, params, body, content_type = _alternate_request(request)
                    headers.update(form_headers)
                    if version_family(headers.get("x-experience-api-version", "")) == "2.0.0":
                        version = "2.0.0"
                        raise BadRequest("the alternate request syntax is not part of xAPI 2.0.0")
                limits.check_params(params)
                raw_version = headers.get("x-experience-api-version")
                if raw_version is None and needs_version:
                    raise BadRequest("the X-Experience-API-Version header is required")
                version = version_family(raw_version) if raw_version is not None else None
                if version is None and not needs_version:
                    version = settings.XAPI_DEFAULT_VERSION  # /about answers whatever version the client speaks
                if version is None:
                    raise BadRequest(f"xAPI version {raw_version} is not supported (1.0.x or 2.0.0)")
                handler_method = "GET" if method == "HEAD" else method
                if handler_method not in methods:
                    return error_response(f"{method} is not allowed here", 405, version)
                principal = authenticate(request, headers, method) if needs_auth else None
                xrequest = XRequest(
                    method=method,
                    version=version,
                    params=params,
                    headers=headers,
                    body=body,
                    content_type=content_type.split(";")[0].strip().lower(),
                    principal=principal,
                    django=request,
                )
                xrequest.raw_content_type = content_type
                response = fn(xrequest, *args, **kwargs)
                if method == "HEAD":
                    response.content = b""
            except XAPIError as exc:
                response = error_response(exc.reason, exc.status, version)
            except RequestDataTooBig:
                # Communication 3.2.s3.b11: over the size limit is 413, with the reason, not Django's bare 400.
                version = version or version_family(request.META.get("HTTP_X_EXPERIENCE_API_VERSION", ""))
                reason = f"the body is larger than the LRS accepts ({settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes)"
                response = error_response(reason, 413, version)
            except TooManyFieldsSent:
                response = error_response("the request has too many parameters", 400, version)
            # Without a version the client can use, the LRS names the version it speaks (Communication 3.3).
            response["X-Experience-API-Version"] = version or settings.XAPI_DEFAULT_VERSION
            return cors(response, request)

        return view

    return decorate


def require_scope(xrequest, *scopes):
    if not xrequest.principal.has(*scopes):
        raise Forbidden(f"this credential lacks the scope {' or '.join(scopes)}")
