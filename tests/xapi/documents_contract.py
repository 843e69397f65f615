"""Behaviour shared by the three document resources (xAPI 1.0.3 Communication 2.2, 3.1).

Each test module subclasses `DocumentContract` (the profile resources `ProfileContract`) and defines the `doc`
fixture: a `Documents` describing the resource, the parameters that name one document, and those that name
the whole set.
"""

import hashlib
import json
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import pytest

from tests.xapi.support import VERSIONS


@dataclass
class Documents:
    resource: str
    set_params: dict
    id_param: str

    def one(self, document_id="doc-1", **extra):
        return {**self.set_params, self.id_param: document_id, **extra}


def sha1(data):
    return hashlib.sha1(data).hexdigest()  # noqa: S324 - the spec names SHA-1 for ETags


WRONG_ETAG = f'"{sha1(b"something else")}"'


@pytest.mark.django_db
class DocumentContract:
    """Subclasses provide the `doc` fixture."""

    # Storing and reading

    @pytest.mark.parametrize("version", VERSIONS)
    def test_put_then_get_returns_the_document(self, lrs, doc, version):
        response = lrs.put(doc.resource, {"page": 3, "note": "Trang 3"}, doc.one(), version=version)
        assert response.status_code == 204, response.content
        got = lrs.get(doc.resource, doc.one(), version=version)
        assert got.status_code == 200
        assert got["Content-Type"].startswith("application/json")
        assert json.loads(got.content) == {"page": 3, "note": "Trang 3"}
        assert got["X-Experience-API-Version"] == version

    @pytest.mark.parametrize("version", VERSIONS)
    def test_binary_document_keeps_its_bytes_and_content_type(self, lrs, doc, version):
        blob = bytes(range(256)) * 4
        response = lrs.put(doc.resource, blob, doc.one("blob"), content_type="image/png", version=version)
        assert response.status_code == 204, response.content
        got = lrs.get(doc.resource, doc.one("blob"), version=version)
        assert got.content == blob
        assert got["Content-Type"].startswith("image/png")

    @pytest.mark.parametrize("version", VERSIONS)
    def test_get_of_a_missing_document_is_404(self, lrs, doc, version):
        assert lrs.get(doc.resource, doc.one("never-stored"), version=version).status_code == 404

    @pytest.mark.parametrize("version", VERSIONS)
    def test_delete_removes_the_document(self, lrs, doc, version):
        lrs.put(doc.resource, {"a": 1}, doc.one(), version=version)
        assert lrs.delete(doc.resource, doc.one(), version=version).status_code == 204
        assert lrs.get(doc.resource, doc.one(), version=version).status_code == 404

    @pytest.mark.parametrize("version", VERSIONS)
    def test_documents_are_kept_apart_by_id(self, lrs, doc, version):
        lrs.put(doc.resource, {"which": "one"}, doc.one("one"), version=version)
        lrs.put(doc.resource, {"which": "two"}, doc.one("two"), version=version)
        assert json.loads(lrs.get(doc.resource, doc.one("one"), version=version).content) == {"which": "one"}
        assert json.loads(lrs.get(doc.resource, doc.one("two"), version=version).content) == {"which": "two"}

    # Headers

    @pytest.mark.parametrize("version", VERSIONS)
    def test_get_has_a_quoted_etag_and_last_modified(self, lrs, doc, version):
        lrs.put(doc.resource, {"a": 1}, doc.one(), version=version)
        got = lrs.get(doc.resource, doc.one(), version=version)
        etag = got["ETag"]
        assert etag.startswith('"') and etag.endswith('"')
        if version == "1.0.3":
            # Communication 3.1.s4.b2: the SHA-1 of the contents, in lowercase hexadecimal.
            assert etag == f'"{sha1(got.content)}"'
        modified = parsedate_to_datetime(got["Last-Modified"])
        assert abs((datetime.now(UTC) - modified).total_seconds()) < 120

    @pytest.mark.parametrize("version", VERSIONS)
    def test_etag_changes_with_the_content(self, lrs, doc, version):
        lrs.put(doc.resource, {"a": 1}, doc.one(), version=version)
        first = lrs.get(doc.resource, doc.one(), version=version)["ETag"]
        lrs.post(doc.resource, {"b": 2}, doc.one(), version=version)
        assert lrs.get(doc.resource, doc.one(), version=version)["ETag"] != first

    @pytest.mark.parametrize("version", VERSIONS)
    def test_head_returns_headers_without_body(self, lrs, doc, version):
        lrs.put(doc.resource, {"a": 1}, doc.one(), version=version)
        head = lrs.head(doc.resource, doc.one(), version=version)
        assert head.status_code == 200
        assert head.content == b""
        assert head["ETag"] == lrs.get(doc.resource, doc.one(), version=version)["ETag"]
        assert lrs.head(doc.resource, doc.one("never-stored"), version=version).status_code == 404

    # JSON merge on POST (Communication 2.2.s7, 2.2.s8)

    @pytest.mark.parametrize("version", VERSIONS)
    def test_post_merges_top_level_json_properties(self, lrs, doc, version):
        lrs.post(doc.resource, {"x": "foo", "y": "bar", "nested": {"keep": 1}}, doc.one(), version=version)
        response = lrs.post(doc.resource, {"x": "bash", "z": "faz", "nested": {"new": 2}}, doc.one(), version=version)
        assert response.status_code == 204
        merged = json.loads(lrs.get(doc.resource, doc.one(), version=version).content)
        assert merged == {"x": "bash", "y": "bar", "z": "faz", "nested": {"new": 2}}

    @pytest.mark.parametrize("version", VERSIONS)
    def test_post_creates_a_missing_document(self, lrs, doc, version):
        assert lrs.post(doc.resource, {"fresh": True}, doc.one("fresh"), version=version).status_code == 204
        assert json.loads(lrs.get(doc.resource, doc.one("fresh"), version=version).content) == {"fresh": True}

    @pytest.mark.parametrize("version", VERSIONS)
    def test_post_of_json_onto_a_non_json_document_is_400_and_changes_nothing(self, lrs, doc, version):
        lrs.put(doc.resource, "plain words", doc.one(), content_type="text/plain", version=version)
        assert lrs.post(doc.resource, {"x": 1}, doc.one(), version=version).status_code == 400
        assert lrs.get(doc.resource, doc.one(), version=version).content == b"plain words"

    @pytest.mark.parametrize("version", VERSIONS)
    def test_post_of_non_json_onto_a_json_document_is_400_and_changes_nothing(self, lrs, doc, version):
        lrs.put(doc.resource, {"x": 1}, doc.one(), version=version)
        response = lrs.post(doc.resource, "plain words", doc.one(), content_type="text/plain", version=version)
        assert response.status_code == 400
        assert json.loads(lrs.get(doc.resource, doc.one(), version=version).content) == {"x": 1}

    @pytest.mark.parametrize("version", VERSIONS)
    @pytest.mark.parametrize("body", [b"[1, 2]", b"{broken", b'"text"'], ids=["array", "malformed", "string"])
    def test_post_of_json_that_is_not_an_object_onto_json_is_400(self, lrs, doc, body, version):
        lrs.put(doc.resource, {"x": 1}, doc.one(), version=version)
        response = lrs.post(doc.resource, body, doc.one(), content_type="application/json", version=version)
        assert response.status_code == 400
        assert json.loads(lrs.get(doc.resource, doc.one(), version=version).content) == {"x": 1}

    # The set of ids

    @pytest.mark.parametrize("version", VERSIONS)
    def test_get_without_an_id_lists_the_ids(self, lrs, doc, version):
        assert json.loads(lrs.get(doc.resource, doc.set_params, version=version).content) == []
        for name in ("b", "a", "Trạng thái"):
            lrs.put(doc.resource, {"n": name}, doc.one(name), version=version)
        response = lrs.get(doc.resource, doc.set_params, version=version)
        assert response.status_code == 200
        assert sorted(json.loads(response.content)) == sorted(["a", "b", "Trạng thái"])

    @pytest.mark.parametrize("version", VERSIONS)
    def test_since_lists_only_documents_changed_after_it(self, lrs, doc, version):
        lrs.put(doc.resource, {"n": 1}, doc.one("older"), version=version)
        time.sleep(0.02)
        since = datetime.now(UTC).isoformat()
        time.sleep(0.02)
        lrs.put(doc.resource, {"n": 2}, doc.one("newer"), version=version)
        ids = json.loads(lrs.get(doc.resource, {**doc.set_params, "since": since}, version=version).content)
        assert ids == ["newer"]

    @pytest.mark.parametrize("version", VERSIONS)
    def test_since_must_be_a_timestamp(self, lrs, doc, version):
        assert lrs.get(doc.resource, {**doc.set_params, "since": "last week"}, version=version).status_code == 400

    # Concurrency (Communication 3.1)

    @pytest.mark.parametrize("version", VERSIONS)
    @pytest.mark.parametrize("method", ["PUT", "POST"])
    def test_matching_if_match_allows_the_change(self, lrs, doc, method, version):
        lrs.put(doc.resource, {"a": 1}, doc.one(), version=version)
        etag = lrs.get(doc.resource, doc.one(), version=version)["ETag"]
        response = lrs.request(method, doc.resource, doc.one(), {"a": 2}, version=version, headers={"If-Match": etag})
        assert response.status_code == 204
        assert json.loads(lrs.get(doc.resource, doc.one(), version=version).content) == {"a": 2}

    @pytest.mark.parametrize("version", VERSIONS)
    @pytest.mark.parametrize(
        ("method", "headers"),
        [
            *[
                pytest.param(method, {"If-Match": WRONG_ETAG}, id=f"wrong-if-match-{method}")
                for method in ("PUT", "POST", "DELETE")
            ],
            *[
                pytest.param(method, {"If-None-Match": "*"}, id=f"if-none-match-star-{method}")
                for method in ("PUT", "POST")
            ],
        ],
    )
    def test_failed_precondition_on_an_existing_document_is_412_and_changes_nothing(
        self, lrs, doc, method, headers, version
    ):
        lrs.put(doc.resource, {"a": 1}, doc.one(), version=version)
        body = None if method == "DELETE" else {"a": 2}
        response = lrs.request(method, doc.resource, doc.one(), body, version=version, headers=headers)
        assert response.status_code == 412
        assert json.loads(lrs.get(doc.resource, doc.one(), version=version).content) == {"a": 1}

    @pytest.mark.parametrize("version", VERSIONS)
    def test_if_match_on_a_missing_document_is_412(self, lrs, doc, version):
        response = lrs.put(doc.resource, {"a": 1}, doc.one("absent"), version=version, headers={"If-Match": '"abc"'})
        assert response.status_code == 412
        assert lrs.get(doc.resource, doc.one("absent"), version=version).status_code == 404

    @pytest.mark.parametrize("version", VERSIONS)
    def test_matching_if_match_allows_delete(self, lrs, doc, version):
        lrs.put(doc.resource, {"a": 1}, doc.one(), version=version)
        etag = lrs.get(doc.resource, doc.one(), version=version)["ETag"]
        assert lrs.delete(doc.resource, doc.one(), version=version, headers={"If-Match": etag}).status_code == 204
        assert lrs.get(doc.resource, doc.one(), version=version).status_code == 404

    @pytest.mark.parametrize("version", VERSIONS)
    def test_if_none_match_star_creates_a_missing_document(self, lrs, doc, version):
        response = lrs.put(doc.resource, {"a": 1}, doc.one("new"), version=version, headers={"If-None-Match": "*"})
        assert response.status_code == 204
        assert json.loads(lrs.get(doc.resource, doc.one("new"), version=version).content) == {"a": 1}

    # Bad requests

    @pytest.mark.parametrize("version", VERSIONS)
    @pytest.mark.parametrize("method", ["GET", "PUT", "POST", "DELETE"])
    def test_each_required_parameter_is_required(self, lrs, doc, method, version):
        for missing in doc.set_params:
            params = {k: v for k, v in doc.one().items() if k != missing}
            body = {"a": 1} if method in {"PUT", "POST"} else None
            response = lrs.request(method, doc.resource, params, body, version=version)
            assert response.status_code == 400, (missing, response.content)

    @pytest.mark.parametrize("version", VERSIONS)
    @pytest.mark.parametrize("method", ["PUT", "POST"])
    def test_document_id_is_required_to_store(self, lrs, doc, method, version):
        response = lrs.request(method, doc.resource, doc.set_params, {"a": 1}, version=version)
        assert response.status_code == 400

    @pytest.mark.parametrize("version", VERSIONS)
    def test_unknown_parameter_is_400(self, lrs, doc, version):
        response = lrs.get(doc.resource, doc.one(colour="blue"), version=version)
        assert response.status_code == 400

    @pytest.mark.parametrize("version", VERSIONS)
    def test_agent_parameter_must_be_an_agent(self, lrs, doc, version):
        if "agent" not in doc.set_params:
            # A resource without an agent parameter refuses one as unknown.
            extra = doc.one(agent=json.dumps({"mbox": "mailto:an@example.com"}))
            assert lrs.put(doc.resource, {"a": 1}, extra, version=version).status_code == 400
            return
        for bad in ("not json", {"name": "no identifier"}, {"mbox": "bob@example.com"}):
            response = lrs.put(doc.resource, {"a": 1}, doc.one(agent=bad), version=version)
            assert response.status_code == 400, bad


class ProfileContract(DocumentContract):
    """The two profile resources, where every PUT over a document needs a precondition (Communication 3.1).

    Subclasses also provide the `other_subject` fixture: the parameters that name one document of another
    activity or agent than `doc`'s.
    """

    @pytest.mark.parametrize("version", VERSIONS)
    def test_put_without_precondition_conflicts_only_with_an_existing_profile(self, lrs, doc, version):
        # Communication 3.1.s4.b13-b15 (and IEEE 9274.1.1): a PUT without If-Match or If-None-Match over an
        # existing document is 409, explains that the client should check the current state and send its ETag
        # in If-Match, and changes nothing; with no document yet there is no conflict.
        assert lrs.put(doc.resource, {"a": 1}, doc.one(), version=version).status_code == 204
        response = lrs.put(doc.resource, {"b": 2}, doc.one(), version=version)
        assert response.status_code == 409
        assert response.content
        message = response.json()["message"]
        assert "If-Match" in message
        assert "ETag" in message
        assert json.loads(lrs.get(doc.resource, doc.one(), version=version).content) == {"a": 1}

    @pytest.mark.parametrize("version", VERSIONS)
    def test_profiles_of_different_subjects_are_separate(self, lrs, doc, other_subject, version):
        lrs.put(doc.resource, {"which": "first"}, doc.one(), version=version)
        lrs.put(doc.resource, {"which": "second"}, other_subject, version=version)
        assert json.loads(lrs.get(doc.resource, doc.one(), version=version).content) == {"which": "first"}
        assert json.loads(lrs.get(doc.resource, other_subject, version=version).content) == {"which": "second"}


def unique_activity():
    return f"http://example.com/activities/{uuid.uuid4()}"
