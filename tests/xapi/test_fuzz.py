"""Malformed requests against /xapi/: never a 5xx, and a refused request (4xx) writes nothing.

A seeded generator (the same requests on every run) starts from valid statements, documents and query
strings and breaks them: truncated JSON, wrong types at random paths, NUL and lone surrogates, huge
strings, deep nesting, NaN and Infinity, bad UUIDs and timestamps, wrong content types, broken
multipart bodies and alternate-syntax forms. A crash fails the test with the request that caused it.
"""

import copy
import hashlib
import json
import random
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.db import connection

from tests.xapi.support import VERSIONS

pytestmark = pytest.mark.django_db

SEED = 20261201
CASES = 3000
DEEP = "__deep__"
WRONG_TYPES = [None, 0, -1, 1.5, True, False, "", "text", [], [1, "a"], {}, {"a": 1}]
BAD_UUIDS = ["", "not-a-uuid", "1234", "ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ", "{" + "0" * 32 + "}", "0" * 32, " " * 36]
BAD_TIMESTAMPS = [
    "", "yesterday", "2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01",
    "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "0000-01-01T00:00:00Z", "2024-01-01T00:00:00-00:00",
    "2024-01-01T00:00:00.123456789012Z", "2024-01-01T00:00:00+99:99", "+12024-01-01T00:00:00Z",
]  # fmt: skip
BAD_DURATIONS = ["P", "PT", "1H", "P1W1D", "PT1.S", "PT" + "9" * 400 + ".123S", "P-1D"]
CONTENT_TYPES = [
    "text/plain", "", "application/octet-stream", "application/x-www-form-urlencoded", "multipart/mixed",
    "multipart/mixed; boundary=", "multipart/form-data; boundary=x", "application/json; charset=latin-1",
    "application/" + "j" * 300,
]  # fmt: skip
VERBS = ["http://adlnet.gov/expapi/verbs/experienced", "http://adlnet.gov/expapi/verbs/voided"]
INTERACTIONS = ["choice", "true-false", "matching", "likert", "sequencing", "numeric", "other", "performance"]


@dataclass
class Request:
    method: str
    path: str
    params: dict = field(default_factory=dict)
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict = field(default_factory=dict)

    def url(self):
        return self.path + ("?" + encode_form(self.params) if self.params else "")

    def __str__(self):
        body = self.body[:600] + (b"...(%d bytes)" % len(self.body) if len(self.body) > 600 else b"")
        return f"{self.method} {self.url()[:800]}\nContent-Type: {self.content_type}\nheaders: {self.headers}\n{body!r}"


class Fuzzer:
    def __init__(self, rng):
        self.rng = rng

    # Valid material

    def agent(self):
        r = self.rng
        kind = r.choice(["mbox", "account", "openid", "mbox_sha1sum"])
        agent = {"objectType": "Agent", "name": r.choice(["An", "Bình", "Chi"])}
        if kind == "mbox":
            agent["mbox"] = f"mailto:user{r.randrange(5)}@example.com"
        elif kind == "account":
            agent["account"] = {"homePage": "http://example.com", "name": f"user{r.randrange(5)}"}
        elif kind == "openid":
            agent["openid"] = f"http://example.com/openid/{r.randrange(5)}"
        else:
            agent["mbox_sha1sum"] = hashlib.sha1(str(r.randrange(5)).encode()).hexdigest()  # noqa: S324
        return agent

    def actor(self):
        if self.rng.random() < 0.2:
            return {"objectType": "Group", "name": "Team", "member": [self.agent(), self.agent()]}
        return self.agent()

    def activity(self):
        r = self.rng
        value = {"objectType": "Activity", "id": f"http://example.com/activities/{r.randrange(20)}"}
        if r.random() < 0.6:
            definition = {"name": {"en-US": "Lesson", "vi-VN": "Bài học"}, "type": "http://example.com/types/lesson"}
            if r.random() < 0.4:
                kind = r.choice(INTERACTIONS)
                definition["interactionType"] = kind
                definition["correctResponsesPattern"] = ["a"]
                if kind in ("choice", "sequencing"):
                    definition["choices"] = [{"id": "a", "description": {"en-US": "A"}}, {"id": "b"}]
            if r.random() < 0.3:
                definition["extensions"] = {"http://example.com/ext/level": r.randrange(10)}
            value["definition"] = definition
        return value

    def statement(self, version):
        r = self.rng
        statement = {
            "actor": self.actor(),
            "verb": {"id": VERBS[0], "display": {"en-US": "experienced"}},
            "object": self.activity(),
        }
        if r.random() < 0.5:
            statement["id"] = str(uuid.UUID(int=r.getrandbits(128), version=4))
        choice = r.random()
        if choice < 0.1:
            statement["object"] = self.agent()
        elif choice < 0.2:
            statement["object"] = {"objectType": "StatementRef", "id": str(uuid.UUID(int=r.getrandbits(128)))}
            if r.random() < 0.5:
                statement["verb"] = {"id": VERBS[1], "display": {"en-US": "voided"}}
        elif choice < 0.3:
            statement["object"] = {
                "objectType": "SubStatement",
                "actor": self.agent(),
                "verb": {"id": VERBS[0]},
                "object": self.activity(),
                "result": {"duration": "PT1.5S"},
            }
        if r.random() < 0.5:
            statement["result"] = {
                "score": {"scaled": 0.5, "raw": 5, "min": 0, "max": 10},
                "success": True,
                "completion": r.random() < 0.5,
                "response": "a",
                "duration": r.choice(["PT1H2M3.45S", "P1D", "PT0.001S"]),
                "extensions": {"http://example.com/ext/x": {"nested": [1, 2, {"k": "v"}]}},
            }
        if r.random() < 0.5:
            context = {
                "registration": str(uuid.UUID(int=r.getrandbits(128))),
                "contextActivities": {"parent": [self.activity()], "grouping": self.activity()},
                "instructor": self.agent(),
                "language": "vi-VN",
                "extensions": {"http://example.com/ext/c": "c"},
            }
            if statement["object"].get("objectType", "Activity") == "Activity":
                context["platform"] = "Kỹ Năng Số"
            if version == "2.0.0" and r.random() < 0.5:
                context["contextAgents"] = [{"objectType": "contextAgent", "agent": self.agent()}]
            statement["context"] = context
        if r.random() < 0.3:
            statement["timestamp"] = "2026-01-02T03:04:05.678Z"
        if r.random() < 0.2:
            statement["attachments"] = [
                {
                    "usageType": "http://example.com/usage",
                    "display": {"en-US": "File"},
                    "contentType": "text/plain",
                    "length": 3,
                    "sha2": hashlib.sha256(b"abc").hexdigest(),
                    "fileUrl": "http://example.com/file.txt",
                }
            ]
        return statement

    def document(self):
        return {"page": self.rng.randrange(100), "note": "Trang", "items": [1, {"a": None}]}

    # Breaking it

    def paths(self, value):
        """Every (container, key) inside value, found without recursion."""
        found, stack = [], [value]
        while stack:
            node = stack.pop()
            keys = list(node) if isinstance(node, dict) else range(len(node)) if isinstance(node, list) else []
            for key in keys:
                found.append((node, key))
                stack.append(node[key])
        return found

    def bad_value(self, old):
        r = self.rng
        kind = r.choice(["type", "nul", "huge", "deep", "uuid", "time", "surrogate", "number", "nan", "duration"])
        if kind == "type":
            return copy.deepcopy(r.choice(WRONG_TYPES))
        if kind == "nul":
            text = old if isinstance(old, str) else "value"
            at = r.randrange(len(text) + 1)
            return text[:at] + "\u0000" + text[at:]
        if kind == "surrogate":
            return (old if isinstance(old, str) else "") + r.choice(["\ud800", "\udfff"])
        if kind == "huge":
            size = r.choice([513, 2049, 5000, 20000])
            prefix = old if isinstance(old, str) and ":" in old else "http://example.com/"
            return prefix + "x" * size
        if kind == "deep":
            return DEEP
        if kind == "uuid":
            return r.choice(BAD_UUIDS)
        if kind == "time":
            return r.choice(BAD_TIMESTAMPS)
        if kind == "duration":
            return r.choice(BAD_DURATIONS)
        if kind == "nan":
            return r.choice([float("nan"), float("inf"), float("-inf")])
        return r.choice([10**400, -(10**30), 1e308, -0.0, 2**63])

    def mutate(self, value, times=None):
        r = self.rng
        value = copy.deepcopy(value)
        for _ in range(times or r.choice([1, 1, 1, 2, 3])):
            paths = self.paths(value)
            if not paths:
                return self.bad_value(value)
            node, key = r.choice(paths)
            action = r.random()
            if action < 0.15 and isinstance(node, dict):
                del node[key]
            elif action < 0.25 and isinstance(node, dict):
                node[r.choice(["\u0000", "unknown", "objectType", "x" * 600, "\ud800"])] = self.bad_value(None)
            else:
                node[key] = self.bad_value(node[key])
        return value

    def encode(self, value):
        """JSON text of value, with the deep-nesting placeholder expanded and sometimes the text broken."""
        r = self.rng
        text = json.dumps(value)
        if f'"{DEEP}"' in text:
            depth = r.choice([65, 300, 1200, 5000])
            text = text.replace(f'"{DEEP}"', "[" * depth + "]" * depth, 1).replace(f'"{DEEP}"', "{}")
        data = text.encode()
        damage = r.random()
        if damage < 0.08:
            data = data[: r.randrange(len(data) + 1)]
        elif damage < 0.11:
            at = r.randrange(len(data) + 1)
            data = data[:at] + r.choice([b"\xff", b"\xc3", b"\x00", b"NaN", b"}", b",", b"\xef\xbb\xbf"]) + data[at:]
        elif damage < 0.13:
            data = b"\xef\xbb\xbf" + data
        return data

    def version(self):
        r = self.rng.random()
        if r < 0.04:
            return None
        if r < 0.07:
            return self.rng.choice(["0.95", "1.1.0", "3.0", "", "2.0.0\u0000"])
        return self.rng.choice(VERSIONS)

    def content_type(self, default="application/json"):
        return self.rng.choice(CONTENT_TYPES) if self.rng.random() < 0.1 else default

    # Requests

    def statements_write(self):
        r = self.rng
        version = self.version() or "1.0.3"
        if r.random() < 0.5:
            body = self.statement(version)
        else:
            body = [self.statement(version) for _ in range(r.randrange(1, 4))]
        if r.random() < 0.9:
            body = self.mutate(body)
        if r.random() < 0.5:
            single = body[0] if isinstance(body, list) and body else body
            statement_id = single.get("id") if isinstance(single, dict) else None
            params = {"statementId": statement_id if isinstance(statement_id, str) else str(uuid.uuid4())}
            if r.random() < 0.3:
                params["statementId"] = r.choice(BAD_UUIDS + ["\u0000", "x" * 5000])
            return Request(
                "PUT", "/xapi/statements", params, self.encode(body), self.content_type(), version_of(version)
            )
        return Request("POST", "/xapi/statements", {}, self.encode(body), self.content_type(), version_of(version))

    def multipart(self):
        r = self.rng
        version = self.version() or "2.0.0"
        content = bytes(r.getrandbits(8) for _ in range(r.randrange(1, 40)))
        sha2 = hashlib.sha256(content).hexdigest()
        statement = self.statement(version)
        statement["attachments"] = [
            {
                "usageType": r.choice(["http://example.com/usage", "http://adlnet.gov/expapi/attachments/signature"]),
                "display": {"en-US": "File"},
                "contentType": r.choice(["text/plain", "application/octet-stream"]),
                "length": len(content),
                "sha2": sha2,
            }
        ]
        if r.random() < 0.5:
            statement = self.mutate(statement)
        boundary = "b" + uuid.UUID(int=r.getrandbits(128)).hex
        parts = [(b"Content-Type: application/json", self.encode(statement))]
        headers = [
            b"Content-Type: text/plain",
            b"Content-Transfer-Encoding: binary",
            b"X-Experience-API-Hash: " + sha2.encode(),
        ]
        if r.random() < 0.3:
            headers[r.randrange(3)] = r.choice([b"", b"Broken", b"X-Experience-API-Hash: " + b"0" * 64, b"\xff: x"])
        parts.append((b"\r\n".join(headers), content))
        if r.random() < 0.2:
            extra = b"stray"
            parts.append((b"X-Experience-API-Hash: " + hashlib.sha256(extra).hexdigest().encode(), extra))
        body = b"".join(
            b"--" + boundary.encode() + b"\r\n" + head + b"\r\n\r\n" + data + b"\r\n" for head, data in parts
        )
        body += b"--" + boundary.encode() + b"--"
        if r.random() < 0.15:
            body = body[: r.randrange(len(body) + 1)]
        content_type = f"multipart/mixed; boundary={boundary}"
        if r.random() < 0.1:
            content_type = r.choice(
                ["multipart/mixed", "multipart/mixed; boundary=other", "multipart/mixed; boundary="]
            )
        return Request("POST", "/xapi/statements", {}, body, content_type, version_of(version))

    def statements_read(self):
        r = self.rng
        valid = {
            "agent": json.dumps(self.agent()),
            "verb": VERBS[0],
            "activity": "http://example.com/activities/1",
            "registration": str(uuid.uuid4()),
            "related_activities": "true",
            "related_agents": "false",
            "since": "2020-01-01T00:00:00Z",
            "until": "2030-01-01T00:00:00Z",
            "limit": str(r.randrange(0, 600)),
            "format": r.choice(["exact", "ids", "canonical"]),
            "attachments": r.choice(["true", "false"]),
            "ascending": "true",
            "statementId": str(uuid.uuid4()),
            "voidedStatementId": str(uuid.uuid4()),
            "cursor": "abc:def",
        }
        params = {k: valid[k] for k in r.sample(sorted(valid), r.randrange(0, 5))}
        for _ in range(r.choice([0, 1, 1, 2])):
            name = r.choice(sorted(valid) + ["unknown", "Verb", "\u0000"])
            params[name] = self.bad_param(params.get(name, valid.get(name, "")))
        method = r.choice(["GET", "GET", "HEAD"])
        headers = version_of(self.version())
        if r.random() < 0.2:
            headers["Accept-Language"] = r.choice(["vi-VN,vi;q=0.9", "*", "q=;;,", "en;q=abc", "\u0000"])
        return Request(method, "/xapi/statements", params, b"", "", headers)

    def bad_param(self, old):
        r = self.rng
        kind = r.random()
        if kind < 0.25:
            value = self.bad_value(old)
            if value == DEEP:
                return "[" * r.choice([65, 2000]) + "]" * 10
            return value if isinstance(value, str) else json.dumps(value)
        if kind < 0.5:
            try:
                parsed = json.loads(old)
            except (ValueError, RecursionError):
                parsed = None
            if isinstance(parsed, dict):
                return self.encode(self.mutate(parsed)).decode("utf-8", "replace")
        return r.choice(
            ["", "\u0000", "x" * 5000, "NaN", "-1", "9" * 5000, "true ", "{", '{"mbox": "mailto:a@b"}', "[]"]
        )

    def document_request(self):
        r = self.rng
        resource, id_param, params = r.choice(
            [
                ("activities/state", "stateId", {"activityId": None, "agent": None, "registration": None}),
                ("activities/profile", "profileId", {"activityId": None}),
                ("agents/profile", "profileId", {"agent": None}),
            ]
        )
        values = {
            "activityId": "http://example.com/activities/1",
            "agent": json.dumps(self.agent()),
            "registration": str(uuid.uuid4()),
        }
        params = {k: values[k] for k in params if r.random() < 0.95 and not (k == "registration" and r.random() < 0.5)}
        if r.random() < 0.9:
            params[id_param] = r.choice(["bookmark", "prefs", "Trạng thái"])
        if r.random() < 0.1:
            params["since"] = r.choice(["2020-01-01T00:00:00Z", *BAD_TIMESTAMPS])
        for _ in range(r.choice([0, 1, 1, 2])):
            name = r.choice([*params, id_param, "unknown"])
            params[name] = self.bad_param(params.get(name, ""))
        method = r.choice(["GET", "HEAD", "PUT", "PUT", "POST", "POST", "DELETE"])
        version = self.version()
        headers = version_of(version)
        if r.random() < 0.3:
            name = r.choice(["If-Match", "If-None-Match"])
            headers[name] = r.choice(["*", '"abc"', "garbage", "", 'W/"x", "y"', "\u0000"])
        body, content_type = b"", ""
        if method in ("PUT", "POST"):
            if r.random() < 0.2:
                body, content_type = bytes(r.getrandbits(8) for _ in range(r.randrange(50))), "application/octet-stream"
            else:
                document = self.document()
                if r.random() < 0.7:
                    document = self.mutate(document)
                body, content_type = self.encode(document), "application/json"
            content_type = self.content_type(content_type)
        return Request(method, "/xapi/" + resource, params, body, content_type, headers)

    def lookup(self):
        r = self.rng
        if r.random() < 0.5:
            params = {"activityId": self.bad_param("http://example.com/activities/1")}
            return Request("GET", "/xapi/activities", params, b"", "", version_of(self.version()))
        params = {"agent": self.bad_param(json.dumps(self.agent()))}
        return Request("GET", "/xapi/agents", params, b"", "", version_of(self.version()))

    def alternate(self, authorization):
        r = self.rng
        inner = r.choice([self.statements_read, self.statements_write, self.document_request])()
        form = {**inner.params, "Authorization": authorization}
        if "X-Experience-API-Version" in inner.headers:
            form["X-Experience-API-Version"] = r.choice(["1.0.3", inner.headers["X-Experience-API-Version"]])
        if inner.body:
            form["content"] = inner.body.decode("utf-8", "replace")
            form["Content-Type"] = inner.content_type
        body = encode_form(form).encode()
        if r.random() < 0.1:
            body += r.choice([b"&%ff%fe=1", b"\xff", b"&content=%00"])
        params = {"method": r.choice([inner.method, "PATCH", "get", ""])}
        if r.random() < 0.1:
            params["extra"] = "1"
        return Request("POST", inner.path, params, body, "application/x-www-form-urlencoded", {})

    def request(self, authorization):
        r = self.rng.random()
        if r < 0.35:
            request = self.statements_write()
        elif r < 0.45:
            request = self.multipart()
        elif r < 0.65:
            request = self.statements_read()
        elif r < 0.85:
            request = self.document_request()
        elif r < 0.93:
            request = self.lookup()
        else:
            return self.alternate(authorization)
        request.headers["Authorization"] = authorization
        return request


def encode_form(values):
    # A lone surrogate goes out as the bytes a careless client would send (%ED%A0%80), not as an error here.
    return urlencode(values, encoding="utf-8", errors="surrogatepass")


def version_of(version):
    return {} if version is None else {"X-Experience-API-Version": version}


def row_counts():
    from xapi.models import Activity, Attachment, Document, Statement

    tables = [model._meta.db_table for model in (Statement, Document, Activity, Attachment)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {table})" for table in tables))  # noqa: S608
        return cursor.fetchone()


def test_malformed_requests_never_crash_and_refusals_write_nothing(lrs):
    client = lrs.client
    fuzzer = Fuzzer(random.Random(SEED))
    statuses = {}
    for number in range(CASES):
        request = fuzzer.request(lrs.authorization)
        before = row_counts()
        try:
            response = client.generic(
                request.method, request.url(), data=request.body, content_type=request.content_type,
                headers=request.headers,
            )  # fmt: skip
        except Exception as exc:
            raise AssertionError(f"request {number} crashed the LRS:\n{request}") from exc
        status = response.status_code
        statuses[status] = statuses.get(status, 0) + 1
        assert status < 500, f"request {number} answered {status}:\n{request}\n{response.content[:2000]!r}"
        if 400 <= status < 500:
            assert row_counts() == before, f"request {number} was refused ({status}) but wrote rows:\n{request}"
            if request.method != "HEAD":
                body = response.json()
                assert body["error"] is True and body["status"] == status, f"request {number}:\n{request}"
    # The generator must reach both sides: enough accepted requests, and every kind of refusal.
    assert sum(count for status, count in statuses.items() if status < 300) > CASES // 10, statuses
    assert {400, 404, 409, 412, 413} & set(statuses) >= {400, 404}, statuses
