"""Reading statements: GET/HEAD on /xapi/statements (xAPI 1.0.3 Communication 2.1.3, Data 2.5)."""

import time
import uuid
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest

from tests.xapi.support import BAD_AGENTS, VERSIONS, activity, make_statement, mbox_agent, statement_ref, verb

pytestmark = pytest.mark.django_db

ALICE = mbox_agent("alice")
BOB = mbox_agent("bob")
CAROL = mbox_agent("carol")
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
REGISTRATION = str(uuid.uuid4())


def parse_time(value):
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def ids_of(result):
    return [s["id"] for s in result["statements"]]


@pytest.fixture
def dataset(lrs):
    """Five statements stored one after another (so their `stored` times increase)."""
    statements = {
        "alice_experienced": make_statement(
            ALICE,
            "experienced",
            activity("course/1"),
            context={
                "registration": REGISTRATION,
                "contextActivities": {"parent": [activity("course/0")]},
            },
        ),
        "bob_completed_with_alice": make_statement(
            BOB, "completed", activity("course/2"), context={"instructor": ALICE}
        ),
        "alice_completed": make_statement(ALICE, "completed", activity("course/2")),
        "group_with_alice": make_statement(
            {"objectType": "Group", "name": "Team", "member": [ALICE, CAROL]},
            "attempted",
            activity("course/3"),
        ),
        "carol_about_alice": make_statement(
            CAROL,
            "experienced",
            {
                "objectType": "SubStatement",
                "actor": ALICE,
                "verb": verb("attempted"),
                "object": activity("course/4"),
            },
        ),
    }
    ids = {}
    for key, statement in statements.items():
        [ids[key]] = lrs.store(statement)
        time.sleep(0.003)
    return ids


@pytest.fixture
def by_id(dataset):
    return {value: key for key, value in dataset.items()}


def names(result, by_id):
    return sorted(by_id[i] for i in ids_of(result) if i in by_id)


# Single statement


@pytest.mark.parametrize("version", VERSIONS)
def test_get_by_statement_id_returns_the_statement(lrs, version):
    statement = make_statement(with_id=True)
    lrs.store(statement, version=version)
    response = lrs.get("statements", {"statementId": statement["id"]}, version=version)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["id"] == statement["id"]
    assert "statements" not in body


@pytest.mark.parametrize("version", VERSIONS)
def test_get_unknown_statement_id_is_404(lrs, version):
    response = lrs.get("statements", {"statementId": str(uuid.uuid4())}, version=version)
    assert response.status_code == 404


@pytest.mark.parametrize("version", VERSIONS)
def test_get_statement_id_not_a_uuid_is_400(lrs, version):
    assert lrs.get("statements", {"statementId": "abc"}, version=version).status_code == 400


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    "extra",
    [
        {"agent": ALICE},
        {"verb": COMPLETED},
        {"limit": "1"},
        {"since": "2020-01-01T00:00:00Z"},
        {"ascending": "true"},
        {"voidedStatementId": str(uuid.uuid4())},
    ],
    ids=["agent", "verb", "limit", "since", "ascending", "voidedStatementId"],
)
def test_statement_id_with_other_parameters_is_400(lrs, extra, version):
    statement = make_statement(with_id=True)
    lrs.store(statement, version=version)
    response = lrs.get("statements", {"statementId": statement["id"], **extra}, version=version)
    assert response.status_code == 400


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("extra", [{"format": "ids"}, {"attachments": "false"}, {"format": "canonical"}])
def test_statement_id_with_format_or_attachments_is_allowed(lrs, extra, version):
    statement = make_statement(with_id=True)
    lrs.store(statement, version=version)
    response = lrs.get("statements", {"statementId": statement["id"], **extra}, version=version)
    assert response.status_code == 200
    assert response.json()["id"] == statement["id"]


@pytest.mark.parametrize("version", VERSIONS)
def test_last_modified_matches_stored(lrs, version):
    [statement_id] = lrs.store(make_statement(), version=version)
    response = lrs.get("statements", {"statementId": statement_id}, version=version)
    last_modified = parsedate_to_datetime(response["Last-Modified"])
    stored = parse_time(response.json()["stored"])
    assert abs(last_modified - stored) < timedelta(seconds=1)


# Query filters


@pytest.mark.parametrize("version", VERSIONS)
def test_no_filter_returns_everything_newest_first(lrs, dataset, by_id, version):
    result = lrs.query(version=version)
    assert ids_of(result) == list(reversed(dataset.values()))
    stored = [parse_time(s["stored"]) for s in result["statements"]]
    assert stored == sorted(stored, reverse=True)


@pytest.mark.parametrize("version", VERSIONS)
def test_ascending_returns_oldest_first(lrs, dataset, version):
    assert ids_of(lrs.query(version=version, ascending="true")) == list(dataset.values())


@pytest.mark.parametrize("version", VERSIONS)
def test_agent_filter_matches_actor_object_and_group_members(lrs, dataset, by_id, version):
    result = lrs.query(version=version, agent=ALICE)
    assert names(result, by_id) == ["alice_completed", "alice_experienced", "group_with_alice"]


@pytest.mark.parametrize("version", VERSIONS)
def test_agent_filter_matches_agent_as_object(lrs, version):
    [about] = lrs.store(make_statement(BOB, "mentored", ALICE), version=version)
    lrs.store(make_statement(BOB, "mentored", CAROL), version=version)
    assert ids_of(lrs.query(version=version, agent=ALICE)) == [about]


@pytest.mark.parametrize("version", VERSIONS)
def test_agent_filter_by_account(lrs, version):
    account = {"objectType": "Agent", "account": {"homePage": "http://example.com", "name": "u-42"}}
    [mine] = lrs.store(make_statement(account), version=version)
    lrs.store(make_statement(ALICE), version=version)
    assert ids_of(lrs.query(version=version, agent={"account": account["account"]})) == [mine]


@pytest.mark.parametrize("version", VERSIONS)
def test_related_agents_widens_the_agent_filter(lrs, dataset, by_id, version):
    result = lrs.query(version=version, agent=ALICE, related_agents="true")
    assert names(result, by_id) == sorted(dataset)


@pytest.mark.parametrize("version", VERSIONS)
def test_verb_filter(lrs, dataset, by_id, version):
    result = lrs.query(version=version, verb=COMPLETED)
    assert names(result, by_id) == ["alice_completed", "bob_completed_with_alice"]


@pytest.mark.parametrize("version", VERSIONS)
def test_agent_and_verb_filters_combine(lrs, dataset, by_id, version):
    result = lrs.query(version=version, agent=ALICE, verb=COMPLETED)
    assert names(result, by_id) == ["alice_completed"]


@pytest.mark.parametrize("version", VERSIONS)
def test_activity_filter_matches_the_object_only(lrs, dataset, by_id, version):
    assert names(lrs.query(version=version, activity=activity("course/2")["id"]), by_id) == [
        "alice_completed",
        "bob_completed_with_alice",
    ]
    assert lrs.query(version=version, activity=activity("course/0")["id"])["statements"] == []
    assert lrs.query(version=version, activity=activity("course/4")["id"])["statements"] == []


@pytest.mark.parametrize("version", VERSIONS)
def test_related_activities_includes_context_and_substatement_activities(lrs, dataset, by_id, version):
    parent = lrs.query(version=version, activity=activity("course/0")["id"], related_activities="true")
    assert names(parent, by_id) == ["alice_experienced"]
    inner = lrs.query(version=version, activity=activity("course/4")["id"], related_activities="true")
    assert names(inner, by_id) == ["carol_about_alice"]


@pytest.mark.parametrize("version", VERSIONS)
def test_registration_filter(lrs, dataset, by_id, version):
    assert names(lrs.query(version=version, registration=REGISTRATION), by_id) == ["alice_experienced"]
    assert lrs.query(version=version, registration=str(uuid.uuid4()))["statements"] == []


@pytest.mark.parametrize("version", VERSIONS)
def test_since_is_exclusive_and_until_inclusive(lrs, dataset, version):
    middle = lrs.fetch(dataset["alice_completed"], version=version)["stored"]
    order = list(dataset.values())
    assert ids_of(lrs.query(version=version, since=middle, ascending="true")) == order[3:]
    assert ids_of(lrs.query(version=version, until=middle, ascending="true")) == order[:3]


@pytest.mark.parametrize("version", VERSIONS)
def test_statements_targeting_a_match_are_returned_too(lrs, dataset, by_id, version):
    # Communication 2.1.3.s3: a statement whose object is a StatementRef to a match also matches.
    [liked] = lrs.store(
        make_statement(mbox_agent("dave"), "liked", statement_ref(dataset["alice_completed"])),
        version=version,
    )
    result = lrs.query(version=version, verb=COMPLETED)
    assert liked in ids_of(result)
    assert names(result, by_id) == ["alice_completed", "bob_completed_with_alice"]


@pytest.mark.parametrize("version", VERSIONS)
def test_no_match_is_200_with_an_empty_list(lrs, version):
    response = lrs.get("statements", {"verb": "http://example.com/verbs/never"}, version=version)
    assert response.status_code == 200
    body = response.json()
    assert body["statements"] == []
    assert body.get("more", "") == ""


# Paging


@pytest.mark.parametrize("version", VERSIONS)
def test_limit_and_more_page_through_everything_exactly_once(lrs, dataset, version):
    first = lrs.query(version=version, limit="2")
    assert len(first["statements"]) == 2
    assert first["more"].startswith("/")
    seen = ids_of(first)
    more = first["more"]
    pages = 1
    while more:
        page = lrs.get(more, version=version)
        assert page.status_code == 200, page.content
        body = page.json()
        assert len(body["statements"]) <= 2
        seen += ids_of(body)
        more = body.get("more", "")
        pages += 1
        assert pages <= 5, "paging does not end"
    assert seen == list(reversed(dataset.values()))


@pytest.mark.parametrize("version", VERSIONS)
def test_more_keeps_the_filters_and_order(lrs, dataset, by_id, version):
    first = lrs.query(version=version, agent=ALICE, ascending="true", limit="1")
    seen = ids_of(first)
    more = first["more"]
    while more:
        body = lrs.get(more, version=version).json()
        seen += ids_of(body)
        more = body.get("more", "")
    assert [by_id[i] for i in seen] == ["alice_experienced", "alice_completed", "group_with_alice"]


def test_more_needs_credentials(lrs, anonymous, dataset):
    more = lrs.query(limit="1")["more"]
    assert anonymous.get(more).status_code == 401


@pytest.mark.parametrize("version", VERSIONS)
def test_limit_zero_means_the_server_maximum(lrs, dataset, version):
    assert len(lrs.query(version=version, limit="0")["statements"]) == len(dataset)


# Formats


@pytest.mark.parametrize("version", VERSIONS)
def test_format_ids_keeps_only_identifiers(lrs, version):
    statement = make_statement(
        mbox_agent("ids", name="Ids Person"),
        obj=activity("ids", name="Named activity", type="http://adlnet.gov/expapi/activities/course"),
        with_id=True,
    )
    lrs.store(statement, version=version)
    stored = lrs.fetch(statement["id"], version=version, format="ids")
    assert stored["actor"]["mbox"] == statement["actor"]["mbox"]
    assert "name" not in stored["actor"]
    assert stored["verb"]["id"] == statement["verb"]["id"]
    if version == "1.0.3":
        assert "display" not in stored["verb"]
    assert stored["object"]["id"] == statement["object"]["id"]
    assert "definition" not in stored["object"]


@pytest.mark.parametrize("version", VERSIONS)
def test_format_exact_returns_objects_as_received(lrs, version):
    statement = make_statement(obj=activity("exact", name={"en-US": "One", "vi-VN": "Một"}), with_id=True)
    lrs.store(statement, version=version)
    lrs.store(make_statement(obj=activity("exact", name={"fr-FR": "Un"})), version=version)
    stored = lrs.fetch(statement["id"], version=version, format="exact")
    assert stored["object"] == statement["object"]
    assert stored["verb"] == statement["verb"]
    assert stored["actor"] == statement["actor"]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("vi-VN", {"vi-VN": "Mật khẩu mạnh"}),
        ("en-US", {"en-US": "Strong passwords"}),
        ("fr, vi;q=0.5", {"vi-VN": "Mật khẩu mạnh"}),
    ],
)
def test_format_canonical_picks_one_language_per_map(lrs, accept_language, expected, version):
    names = {"en-US": "Strong passwords", "vi-VN": "Mật khẩu mạnh"}
    [statement_id] = lrs.store(make_statement(obj=activity("canonical", name=names)), version=version)
    response = lrs.get(
        "statements",
        {"statementId": statement_id, "format": "canonical"},
        version=version,
        headers={"Accept-Language": accept_language},
    )
    assert response.status_code == 200
    name = response.json()["object"]["definition"]["name"]
    assert name == expected


@pytest.mark.parametrize("version", VERSIONS)
def test_format_canonical_uses_the_merged_definition(lrs, version):
    [first] = lrs.store(make_statement(obj=activity("merged", name={"en-US": "Passwords"})), version=version)
    lrs.store(make_statement(obj=activity("merged", name={"vi-VN": "Mật khẩu"})), version=version)
    response = lrs.get(
        "statements",
        {"statementId": first, "format": "canonical"},
        version=version,
        headers={"Accept-Language": "vi-VN"},
    )
    assert response.json()["object"]["definition"]["name"] == {"vi-VN": "Mật khẩu"}


@pytest.mark.parametrize("version", VERSIONS)
def test_unknown_format_is_400(lrs, version):
    assert lrs.get("statements", {"format": "pretty"}, version=version).status_code == 400


# Headers and HEAD


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("kind", ["list", "single", "empty"])
def test_consistent_through_on_every_get(lrs, kind, version):
    [statement_id] = lrs.store(make_statement(), version=version)
    params = {
        "list": {},
        "single": {"statementId": statement_id},
        "empty": {"verb": "http://example.com/verbs/never"},
    }[kind]
    response = lrs.get("statements", params, version=version)
    assert response.status_code == 200
    consistent = parse_time(response["X-Experience-API-Consistent-Through"])
    stored = parse_time(lrs.fetch(statement_id, version=version)["stored"])
    assert consistent >= stored
    assert consistent <= datetime.now(UTC) + timedelta(minutes=1)


@pytest.mark.parametrize("version", VERSIONS)
def test_head_returns_headers_without_body(lrs, version):
    [statement_id] = lrs.store(make_statement(), version=version)
    listing = lrs.head("statements", version=version)
    assert listing.status_code == 200
    assert listing.content == b""
    assert "X-Experience-API-Consistent-Through" in listing
    assert listing["X-Experience-API-Version"] == version
    single = lrs.head("statements", {"statementId": statement_id}, version=version)
    assert single.status_code == 200
    assert single.content == b""
    assert "Last-Modified" in single
    assert lrs.head("statements", {"statementId": str(uuid.uuid4())}, version=version).status_code == 404


# Bad parameters


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    "params",
    [
        *[{"agent": bad} for bad in BAD_AGENTS.values()],
        {"verb": "not an iri"},
        {"activity": "not an iri"},
        {"registration": "not-a-uuid"},
        {"since": "yesterday"},
        {"until": "2024-13-01T00:00:00Z"},
        {"limit": "-1"},
        {"limit": "ten"},
        {"ascending": "maybe"},
        {"related_agents": "yes"},
        {"attachments": "1"},
        {"colour": "blue"},
        {"StatementId": str(uuid.uuid4())},
        {"Verb": COMPLETED},
    ],
    ids=[
        *[f"agent-{name}" for name in BAD_AGENTS],
        "verb-not-iri",
        "activity-not-iri",
        "registration-not-uuid",
        "since-not-timestamp",
        "until-invalid-date",
        "limit-negative",
        "limit-not-a-number",
        "ascending-not-boolean",
        "related-agents-not-boolean",
        "attachments-not-boolean",
        "unknown-parameter",
        "statementid-wrong-case",
        "verb-wrong-case",
    ],
)
def test_bad_query_parameters_are_400(lrs, params, version):
    response = lrs.get("statements", params, version=version)
    assert response.status_code == 400, response.content
    assert response.content


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize(
    ("params", "status"),
    [({"verb": "not an iri"}, 400), ({"statementId": "not-a-uuid"}, 400), ({"statementId": str(uuid.uuid4())}, 404)],
    ids=["bad-parameter", "bad-statement-id", "missing-statement"],
)
def test_consistent_through_on_refused_gets(lrs, method, params, status, version):
    # Communication 2.1.3: the header is on every response to a GET of statements, refusals included.
    response = lrs.request(method, "statements", params, version=version)
    assert response.status_code == status
    consistent = parse_time(response["X-Experience-API-Consistent-Through"])
    assert consistent <= datetime.now(UTC) + timedelta(minutes=1)


@pytest.mark.parametrize("version", VERSIONS)
def test_consistent_through_when_credentials_are_refused(anonymous, version):
    response = anonymous.get("statements", version=version)
    assert response.status_code == 401
    assert "X-Experience-API-Consistent-Through" in response


@pytest.mark.parametrize("version", VERSIONS)
def test_format_ids_gives_activities_as_their_id_everywhere(lrs, version):
    # Communication 2.1.3 (format=ids): only what identifies an Activity, which is its id.
    sub = {
        "objectType": "SubStatement",
        "actor": ALICE,
        "verb": verb("attempted"),
        "object": activity("ids/sub", name="Inner"),
        "context": {"contextActivities": {"parent": [activity("ids/sub-parent", name="Inner parent")]}},
    }
    nested = make_statement(
        BOB, obj=sub, with_id=True, context={"contextActivities": {"grouping": [activity("ids/grouping", name="G")]}}
    )
    plain = make_statement(obj=activity("ids/plain", name="Plain"), with_id=True)
    lrs.store(nested, plain, version=version)
    got = lrs.fetch(nested["id"], version=version, format="ids")
    assert got["object"]["object"] == {"id": sub["object"]["id"]}
    assert got["object"]["context"]["contextActivities"]["parent"] == [
        {"id": sub["context"]["contextActivities"]["parent"][0]["id"]}
    ]
    assert got["context"]["contextActivities"]["grouping"] == [{"id": activity("ids/grouping")["id"]}]
    assert lrs.fetch(plain["id"], version=version, format="ids")["object"] == {"id": plain["object"]["id"]}
