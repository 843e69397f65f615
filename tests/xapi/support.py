"""Helpers for the xAPI contract tests: an HTTP client for /xapi/ and statement builders.

The tests talk HTTP to the LRS through Django's test client, exactly as an external Learning Record
Provider would: HTTP Basic credentials, the `X-Experience-API-Version` header, JSON bodies.
"""

import base64
import copy
import json
import uuid
from urllib.parse import urlencode

VERSIONS = ["1.0.3", "2.0.0"]
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
BASE = "/xapi/"
# Agent parameters every resource that takes one refuses (Data 2.4.2.1: JSON, exactly one identifier), by name.
BAD_AGENTS = {
    "not-json": "not json",
    "without-ifi": {"name": "no identifier"},
    "two-ifis": {"mbox": "mailto:a@example.com", "openid": "http://o.example.com/a"},
}


def basic(key, secret):
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


def mbox_agent(slug="learner", **extra):
    return {"objectType": "Agent", "mbox": f"mailto:{slug}@example.com", "name": slug.title(), **extra}


def activity(slug="course/1", name=None, **definition):
    value = {"objectType": "Activity", "id": f"http://example.com/activities/{slug}"}
    if name is not None:
        definition = {"name": {"en-US": name} if isinstance(name, str) else name, **definition}
    if definition:
        value["definition"] = definition
    return value


def verb(slug="experienced", display=None):
    value = {"id": f"http://adlnet.gov/expapi/verbs/{slug}"}
    value["display"] = display if display is not None else {"en-US": slug}
    return value


def make_statement(actor=None, verb_slug="experienced", obj=None, *, with_id=False, **extra):
    """A minimal valid statement; keyword arguments add or replace top-level properties."""
    statement = {
        "actor": actor if actor is not None else mbox_agent(),
        "verb": verb(verb_slug),
        "object": obj if obj is not None else activity(),
    }
    if with_id:
        statement["id"] = str(uuid.uuid4())
    statement.update(extra)
    return statement


def statement_ref(statement_id):
    return {"objectType": "StatementRef", "id": str(statement_id)}


def voiding(target_id, actor=None):
    return make_statement(
        actor=actor, obj=statement_ref(target_id), verb={"id": VOIDED, "display": {"en-US": "voided"}}
    )


def is_uuid(value):
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class LRS:
    """A thin HTTP client for /xapi/ with credentials and a default xAPI version.

    `resource` is relative to /xapi/ ("statements", "activities/state") or an absolute path ("/xapi/...",
    as found in a StatementResult's `more`). `params` go to the query string; dict values (agents) are
    JSON-encoded. `body` may be a dict or list (sent as JSON), bytes or str (sent with `content_type`).
    """

    def __init__(self, client, key=None, secret=None):
        self.client = client
        self.key = key
        self.secret = secret

    @property
    def authorization(self):
        return basic(self.key, self.secret)

    def with_credential(self, key, secret):
        return LRS(self.client, key, secret)

    def url(self, resource, params=None):
        path = resource if resource.startswith("/") else BASE + resource
        if params:
            encoded = {k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in params.items()}
            path += ("&" if "?" in path else "?") + urlencode(encoded)
        return path

    def request(
        self,
        method,
        resource,
        params=None,
        body=None,
        *,
        version="1.0.3",
        content_type=None,
        headers=None,
        auth=True,
    ):
        all_headers = {}
        if auth and self.key is not None:
            all_headers["Authorization"] = self.authorization
        if version is not None:
            all_headers["X-Experience-API-Version"] = version
        all_headers.update(headers or {})
        if body is None:
            data = b""
        elif isinstance(body, dict | list):
            data = json.dumps(body).encode()
            content_type = content_type or "application/json"
        elif isinstance(body, str):
            data = body.encode()
        else:
            data = body
        return self.client.generic(
            method,
            self.url(resource, params),
            data=data,
            content_type=content_type or "application/octet-stream",
            headers=all_headers,
        )

    def get(self, resource, params=None, **kwargs):
        return self.request("GET", resource, params, **kwargs)

    def head(self, resource, params=None, **kwargs):
        return self.request("HEAD", resource, params, **kwargs)

    def post(self, resource, body=None, params=None, **kwargs):
        return self.request("POST", resource, params, body, **kwargs)

    def put(self, resource, body=None, params=None, **kwargs):
        return self.request("PUT", resource, params, body, **kwargs)

    def delete(self, resource, params=None, **kwargs):
        return self.request("DELETE", resource, params, **kwargs)

    def options(self, resource, **kwargs):
        return self.request("OPTIONS", resource, **kwargs)

    # Shortcuts used across modules.

    def store(self, *statements, version="1.0.3"):
        """POST statements and return their ids, failing loudly when the LRS refuses them."""
        body = statements[0] if len(statements) == 1 else list(statements)
        response = self.post("statements", copy.deepcopy(body), version=version)
        assert response.status_code == 200, response.content
        ids = response.json()
        assert len(ids) == len(statements)
        return ids

    def fetch(self, statement_id, version="1.0.3", **params):
        response = self.get("statements", {"statementId": str(statement_id), **params}, version=version)
        assert response.status_code == 200, response.content
        return response.json()

    def query(self, version="1.0.3", **params):
        response = self.get("statements", params, version=version)
        assert response.status_code == 200, response.content
        return response.json()
