"""Statement validation: every rule of xAPI 1.0.3 Part Two (Data) and IEEE 9274.1.1 (2.0.0), one case each.

Each invalid case starts from a complete, valid statement (`full_statement`, which the LRS must accept)
and breaks exactly one rule; the LRS must answer 400 with a reason and store nothing.
"""

import copy
import uuid

import pytest

from tests.xapi.support import VERSIONS, make_statement

pytestmark = pytest.mark.django_db

DELETE = object()
BOTH = tuple(VERSIONS)
V1 = ("1.0.3",)
V2 = ("2.0.0",)
SUBSTATEMENT = {
    "objectType": "SubStatement",
    "actor": {"objectType": "Agent", "mbox": "mailto:sub@example.com"},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/attempted", "display": {"en-US": "attempted"}},
    "object": {"objectType": "Activity", "id": "http://example.com/activities/sub"},
}
ATTACHMENT = {
    "usageType": "http://example.com/attachment-usage/certificate",
    "display": {"en-US": "Certificate"},
    "contentType": "application/pdf",
    "length": 1234,
    "sha2": "a" * 64,
    "fileUrl": "http://example.com/certificates/1.pdf",
}
CONTEXT_AGENT = {
    "objectType": "contextAgent",
    "agent": {"objectType": "Agent", "mbox": "mailto:coach@example.com"},
    "relevantTypes": ["http://example.com/types/coach"],
}
CONTEXT_GROUP = {
    "objectType": "contextGroup",
    "group": {
        "objectType": "Group",
        "name": "Team A",
        "member": [{"objectType": "Agent", "mbox": "mailto:player-1@example.com"}],
    },
    "relevantTypes": ["http://example.com/types/team"],
}


def full_statement():
    """A valid statement using most of the optional parts of the data model."""
    return {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "name": "Trần Văn An", "mbox": "mailto:an@example.com"},
        "verb": {
            "id": "http://adlnet.gov/expapi/verbs/answered",
            "display": {"en-US": "answered", "vi-VN": "đã trả lời"},
        },
        "object": {
            "objectType": "Activity",
            "id": "http://example.com/activities/quiz/1/question/2",
            "definition": {
                "name": {"en-US": "Question 2", "vi-VN": "Câu hỏi 2"},
                "description": {"en-US": "Which is a strong password?"},
                "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                "moreInfo": "http://example.com/help/passwords",
                "interactionType": "choice",
                "correctResponsesPattern": ["b"],
                "choices": [
                    {"id": "a", "description": {"en-US": "123456"}},
                    {"id": "b", "description": {"en-US": "correct horse battery staple"}},
                ],
                "extensions": {"http://example.com/ext/difficulty": 2},
            },
        },
        "result": {
            "score": {"scaled": 0.5, "raw": 5, "min": 0, "max": 10},
            "success": True,
            "completion": True,
            "response": "b",
            "duration": "PT1M30S",
            "extensions": {"http://example.com/ext/attempt": 1},
        },
        "context": {
            "registration": str(uuid.uuid4()),
            "instructor": {"objectType": "Agent", "mbox": "mailto:trainer@example.com"},
            "team": {
                "objectType": "Group",
                "name": "Sở Thông tin và Truyền thông",
                "member": [{"objectType": "Agent", "mbox": "mailto:member@example.com"}],
            },
            "contextActivities": {
                "parent": [{"objectType": "Activity", "id": "http://example.com/activities/quiz/1"}],
                "grouping": [{"id": "http://example.com/activities/course/1"}],
                "category": [{"id": "http://example.com/profiles/kns"}],
                "other": [{"id": "http://example.com/activities/other"}],
            },
            "revision": "2",
            "platform": "Kỹ Năng Số",
            "language": "vi-VN",
            "statement": {"objectType": "StatementRef", "id": str(uuid.uuid4())},
            "extensions": {"http://example.com/ext/device": {"kind": "phone"}},
        },
        "timestamp": "2024-03-05T08:09:10.123+07:00",
    }


def apply(statement, edits):
    """Apply (dotted path, value) edits; DELETE removes the key. Integer segments index lists."""
    statement = copy.deepcopy(statement)
    for path, value in edits:
        *parents, last = path.split(".")
        target = statement
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if isinstance(target, list):
            target[int(last)] = value
        elif value is DELETE:
            del target[last]
        else:
            target[last] = copy.deepcopy(value)
    return statement


def case(case_id, *edits, versions=BOTH):
    return pytest.param(list(edits), versions, id=case_id)


def per_version(cases):
    """One test per case and per version its rule applies to (nothing generated only to be skipped)."""
    return [
        pytest.param(param.values[0], version, id=f"{param.id}-{version}")
        for param in cases
        for version in param.values[1]
    ]


INVALID = [
    # Actor: Agent (Data 2.4.2.1) and inverse functional identifiers (2.4.2.3)
    case("actor-missing", ("actor", DELETE)),
    case("actor-not-an-object", ("actor", "mailto:an@example.com")),
    case("actor-without-ifi", ("actor", {"objectType": "Agent", "name": "An"})),
    case("actor-with-two-ifis", ("actor.openid", "http://openid.example.com/an")),
    case("actor-mbox-and-account", ("actor.account", {"homePage": "http://example.com", "name": "an"})),
    case("mbox-without-mailto", ("actor.mbox", "an@example.com")),
    case("mbox-not-a-string", ("actor.mbox", ["mailto:an@example.com"])),
    case("mbox-sha1sum-not-hex", ("actor", {"mbox_sha1sum": "z" * 40})),
    case("mbox-sha1sum-wrong-length", ("actor", {"mbox_sha1sum": "ab12"})),
    case("openid-not-a-uri", ("actor", {"openid": "not a uri"})),
    case("account-without-homepage", ("actor", {"account": {"name": "an"}})),
    case("account-without-name", ("actor", {"account": {"homePage": "http://example.com"}})),
    case("account-homepage-not-an-iri", ("actor", {"account": {"homePage": "example dot com", "name": "an"}})),
    case("account-unknown-property", ("actor", {"account": {"homePage": "http://e.com", "name": "a", "id": 1}})),
    case("agent-objecttype-wrong-case", ("actor.objectType", "agent")),
    case("agent-objecttype-unknown", ("actor.objectType", "Person")),
    case("agent-name-not-a-string", ("actor.name", ["An"])),
    case("agent-unknown-property", ("actor.age", 30)),
    case("agent-null-name", ("actor.name", None)),
    # Actor: Group (Data 2.4.2.2)
    case("anonymous-group-without-members", ("actor", {"objectType": "Group", "name": "Nobody"})),
    case(
        "group-member-not-a-list",
        (
            "actor",
            {"objectType": "Group", "mbox": "mailto:g@example.com", "member": {"mbox": "mailto:a@e.com"}},
        ),
    ),
    case(
        "group-member-is-a-group",
        (
            "actor",
            {
                "objectType": "Group",
                "mbox": "mailto:g@example.com",
                "member": [{"objectType": "Group", "mbox": "mailto:inner@example.com"}],
            },
        ),
    ),
    case(
        "group-member-without-ifi",
        ("actor", {"objectType": "Group", "mbox": "mailto:g@example.com", "member": [{"name": "x"}]}),
    ),
    case(
        "identified-group-with-two-ifis",
        (
            "actor",
            {"objectType": "Group", "mbox": "mailto:g@example.com", "openid": "http://o.example.com/g"},
        ),
    ),
    case(
        "group-members-without-objecttype-group",
        ("actor", {"mbox": "mailto:g@example.com", "member": [{"mbox": "mailto:a@example.com"}]}),
    ),
    # Verb (Data 2.4.3)
    case("verb-missing", ("verb", DELETE)),
    case("verb-not-an-object", ("verb", "answered")),
    case("verb-without-id", ("verb.id", DELETE)),
    case("verb-id-not-an-iri", ("verb.id", "answered")),
    case("verb-id-relative", ("verb.id", "/verbs/answered")),
    case("verb-display-not-a-language-map", ("verb.display", "answered")),
    case("verb-display-bad-language-tag", ("verb.display", {"not a tag!": "answered"})),
    case("verb-display-value-not-a-string", ("verb.display", {"en-US": 1})),
    case("verb-display-null", ("verb.display", None)),
    case("verb-unknown-property", ("verb.name", "answered")),
    # Object: Activity (Data 2.4.4.1)
    case("object-missing", ("object", DELETE)),
    case("activity-without-id", ("object.id", DELETE)),
    case("activity-id-not-an-iri", ("object.id", "quiz 1 question 2")),
    case("object-objecttype-wrong-case", ("object.objectType", "activity")),
    case("object-objecttype-unknown", ("object.objectType", "Course")),
    case("activity-name-not-a-language-map", ("object.definition.name", "Question 2")),
    case("activity-description-bad-language-tag", ("object.definition.description", {"english!": "x"})),
    case("activity-type-not-an-iri", ("object.definition.type", "quiz")),
    case("activity-moreinfo-not-an-iri", ("object.definition.moreInfo", "see the help page")),
    case("interaction-type-unknown", ("object.definition.interactionType", "multiple-choice")),
    case("choices-without-interaction-type", ("object.definition.interactionType", DELETE)),
    case("correct-responses-pattern-not-a-list", ("object.definition.correctResponsesPattern", "b")),
    case("interaction-component-without-id", ("object.definition.choices.0", {"description": {"en-US": "x"}})),
    case("activity-definition-unknown-property", ("object.definition.colour", "blue")),
    case("activity-extensions-key-not-an-iri", ("object.definition.extensions", {"difficulty": 2})),
    case("activity-unknown-property", ("object.title", "Question 2")),
    # Object: Agent, Group, StatementRef (Data 2.4.4.2, 2.4.4.3)
    case("object-agent-without-ifi", ("object", {"objectType": "Agent", "name": "Peer"})),
    case("statementref-id-not-a-uuid", ("object", {"objectType": "StatementRef", "id": "not-a-uuid"})),
    case("statementref-without-id", ("object", {"objectType": "StatementRef"})),
    case(
        "statementref-unknown-property",
        ("object", {"objectType": "StatementRef", "id": str(uuid.uuid4()), "definition": {}}),
    ),
    # Object: SubStatement (Data 2.4.4.3)
    case("substatement-objecttype-wrong-case", ("object", {**SUBSTATEMENT, "objectType": "substatement"})),
    case("substatement-nested", ("object", {**SUBSTATEMENT, "object": SUBSTATEMENT})),
    case("substatement-with-id", ("object", {**SUBSTATEMENT, "id": str(uuid.uuid4())})),
    case("substatement-with-stored", ("object", {**SUBSTATEMENT, "stored": "2024-01-01T00:00:00Z"})),
    case("substatement-with-version", ("object", {**SUBSTATEMENT, "version": "1.0.0"})),
    case(
        "substatement-with-authority",
        ("object", {**SUBSTATEMENT, "authority": {"objectType": "Agent", "mbox": "mailto:auth@example.com"}}),
    ),
    case("substatement-without-verb", ("object", {k: v for k, v in SUBSTATEMENT.items() if k != "verb"})),
    case("substatement-without-actor", ("object", {k: v for k, v in SUBSTATEMENT.items() if k != "actor"})),
    case("substatement-without-object", ("object", {k: v for k, v in SUBSTATEMENT.items() if k != "object"})),
    case("substatement-with-invalid-actor", ("object", {**SUBSTATEMENT, "actor": {"name": "no ifi"}})),
    # Result (Data 2.4.5)
    case("scaled-above-one", ("result.score.scaled", 1.5)),
    case("scaled-below-minus-one", ("result.score.scaled", -1.01)),
    case("scaled-not-a-number", ("result.score.scaled", "0.5")),
    case("raw-above-max", ("result.score.raw", 11)),
    case("raw-below-min", ("result.score.raw", -1)),
    case("min-above-max", ("result.score", {"raw": 7, "min": 10, "max": 5})),
    # min must be less than max, max greater than min (Data 2.4.5.1): equal bounds are no range.
    case("min-equal-to-max", ("result.score", {"raw": 10, "min": 10, "max": 10})),
    case("score-unknown-property", ("result.score.percent", 50)),
    case("success-not-a-boolean", ("result.success", "true")),
    case("completion-not-a-boolean", ("result.completion", 1)),
    case("response-not-a-string", ("result.response", 2)),
    case("response-null", ("result.response", None)),
    case("duration-words", ("result.duration", "1 hour")),
    case("duration-hours-without-t", ("result.duration", "P1H")),
    case("duration-empty-time-part", ("result.duration", "PT")),
    case("duration-without-p", ("result.duration", "T1H")),
    case("duration-number", ("result.duration", 90)),
    case("duration-bad-designator", ("result.duration", "PA1H0M0S")),
    case("duration-weeks-mixed-with-days", ("result.duration", "P4W1D")),
    case("duration-alternative-format", ("result.duration", "P0003-01-29T04:35:59")),
    case("result-extensions-key-not-an-iri", ("result.extensions", {"attempt": 1})),
    case("result-unknown-property", ("result.grade", "A")),
    # Context (Data 2.4.6)
    case("registration-not-a-uuid", ("context.registration", "registration-1")),
    case("registration-null", ("context.registration", None)),
    case("instructor-without-ifi", ("context.instructor", {"objectType": "Agent", "name": "Trainer"})),
    case("team-is-an-agent", ("context.team", {"objectType": "Agent", "mbox": "mailto:team@example.com"})),
    case("context-activities-unknown-key", ("context.contextActivities.siblings", [{"id": "http://e.com/a"}])),
    case("context-activities-not-an-object", ("context.contextActivities", [{"id": "http://e.com/a"}])),
    case("context-activity-id-not-an-iri", ("context.contextActivities.parent.0", {"id": "quiz 1"})),
    case("revision-not-a-string", ("context.revision", 2)),
    case("platform-not-a-string", ("context.platform", {"name": "web"})),
    case("language-bad-tag", ("context.language", "not a tag!")),
    case("context-statement-not-a-statementref", ("context.statement", {"id": "http://example.com/a"})),
    case("context-extensions-key-not-an-iri", ("context.extensions", {"device": "phone"})),
    case("context-unknown-property", ("context.location", "Vinh")),
    case(
        "revision-with-a-non-activity-object",
        ("object", {"objectType": "Agent", "mbox": "mailto:peer@example.com"}),
        ("context.platform", DELETE),
    ),
    case(
        "platform-with-a-non-activity-object",
        ("object", {"objectType": "StatementRef", "id": str(uuid.uuid4())}),
        ("context.revision", DELETE),
    ),
    # Timestamp (Data 2.4.7, 4.5; RFC 3339 in 2.0.0)
    case("timestamp-words", ("timestamp", "yesterday")),
    case("timestamp-us-date", ("timestamp", "01/011/2015")),
    case("timestamp-month-13", ("timestamp", "2024-13-05T08:09:10Z")),
    case("timestamp-hour-25", ("timestamp", "2024-03-05T25:09:10Z")),
    case("timestamp-not-a-string", ("timestamp", 1709600950)),
    case("timestamp-offset-minus-00-00", ("timestamp", "2008-09-15T15:53:00.601-00:00")),
    case("timestamp-offset-minus-0000", ("timestamp", "2008-09-15T15:53:00.601-0000")),
    case("timestamp-offset-minus-00", ("timestamp", "2008-09-15T15:53:00.601-00")),
    # Statement-level properties
    case("unknown-top-level-property", ("mood", "happy")),
    case("property-name-wrong-case", ("Actor", {"mbox": "mailto:an@example.com"})),
    case("id-not-a-uuid", ("id", "statement-1")),
    case("id-not-a-string", ("id", 12345)),
    case("version-not-semver", ("version", "should fail")),
    case("version-0-9-9", ("version", "0.9.9")),
    case("version-1-1-0", ("version", "1.1.0")),
    case("version-not-a-string", ("version", 1.0)),
    case("version-2-0-0-in-a-1-0-request", ("version", "2.0.0"), versions=V1),
    case("stored-not-a-timestamp", ("stored", "not a time")),
    # Attachments (Data 2.4.11): each case keeps a fileUrl so only the named rule is broken
    case("attachments-not-a-list", ("attachments", ATTACHMENT)),
    case("attachment-usage-type-not-an-iri", ("attachments", [{**ATTACHMENT, "usageType": "certificate"}])),
    case(
        "attachment-without-display",
        ("attachments", [{k: v for k, v in ATTACHMENT.items() if k != "display"}]),
    ),
    case(
        "attachment-without-content-type",
        ("attachments", [{k: v for k, v in ATTACHMENT.items() if k != "contentType"}]),
    ),
    case("attachment-length-not-an-integer", ("attachments", [{**ATTACHMENT, "length": "1234"}])),
    case("attachment-without-sha2", ("attachments", [{k: v for k, v in ATTACHMENT.items() if k != "sha2"}])),
    case("attachment-file-url-not-an-iri", ("attachments", [{**ATTACHMENT, "fileUrl": "certificate one"}])),
    # 2.0.0 context agents and groups (IEEE 9274.1.1): unknown in 1.0.3, validated in 2.0.0
    case("context-agents-in-a-1-0-request", ("context.contextAgents", [CONTEXT_AGENT]), versions=V1),
    case("context-groups-in-a-1-0-request", ("context.contextGroups", [CONTEXT_GROUP]), versions=V1),
    case("context-agents-not-a-list", ("context.contextAgents", CONTEXT_AGENT), versions=V2),
    case(
        "context-agent-wrong-objecttype",
        ("context.contextAgents", [{**CONTEXT_AGENT, "objectType": "Agent"}]),
        versions=V2,
    ),
    case(
        "context-agent-without-objecttype",
        ("context.contextAgents", [{k: v for k, v in CONTEXT_AGENT.items() if k != "objectType"}]),
        versions=V2,
    ),
    case(
        "context-agent-invalid-agent",
        ("context.contextAgents", [{**CONTEXT_AGENT, "agent": {"key": 1}}]),
        versions=V2,
    ),
    case(
        "context-agent-agent-is-a-group",
        ("context.contextAgents", [{**CONTEXT_AGENT, "agent": CONTEXT_GROUP["group"]}]),
        versions=V2,
    ),
    case(
        "context-agent-empty-relevant-types",
        ("context.contextAgents", [{**CONTEXT_AGENT, "relevantTypes": []}]),
        versions=V2,
    ),
    case(
        "context-agent-relevant-type-not-an-iri",
        ("context.contextAgents", [{**CONTEXT_AGENT, "relevantTypes": ["coach"]}]),
        versions=V2,
    ),
    case("context-groups-not-a-list", ("context.contextGroups", CONTEXT_GROUP), versions=V2),
    case(
        "context-group-wrong-objecttype",
        ("context.contextGroups", [{**CONTEXT_GROUP, "objectType": "Group"}]),
        versions=V2,
    ),
    case(
        "context-group-invalid-group",
        ("context.contextGroups", [{**CONTEXT_GROUP, "group": {"key": 1}}]),
        versions=V2,
    ),
    case(
        "context-group-group-is-an-agent",
        ("context.contextGroups", [{**CONTEXT_GROUP, "group": CONTEXT_AGENT["agent"]}]),
        versions=V2,
    ),
    case(
        "context-group-empty-relevant-types",
        ("context.contextGroups", [{**CONTEXT_GROUP, "relevantTypes": []}]),
        versions=V2,
    ),
    case(
        "context-group-relevant-type-not-an-iri",
        ("context.contextGroups", [{**CONTEXT_GROUP, "relevantTypes": ["team"]}]),
        versions=V2,
    ),
    case(
        "substatement-context-agent-wrong-objecttype",
        ("object", {**SUBSTATEMENT, "context": {"contextAgents": [{**CONTEXT_AGENT, "objectType": "x"}]}}),
        ("context.revision", DELETE),
        ("context.platform", DELETE),
        versions=V2,
    ),
]

VALID = [
    case("as-is"),
    case("mbox-sha1sum", ("actor", {"mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"})),
    case("openid", ("actor", {"openid": "http://openid.example.com/an"})),
    case("account", ("actor", {"account": {"homePage": "http://example.com", "name": "an"}})),
    case(
        "identified-group-with-members",
        (
            "actor",
            {
                "objectType": "Group",
                "account": {"homePage": "http://example.com", "name": "so-tt-tt"},
                "member": [
                    {"mbox": "mailto:a@example.com"},
                    {"account": {"homePage": "http://e.com", "name": "b"}},
                ],
            },
        ),
    ),
    case(
        "anonymous-group-with-members",
        ("actor", {"objectType": "Group", "member": [{"mbox": "mailto:a@example.com"}]}),
    ),
    case("activity-without-objecttype", ("object", {"id": "http://example.com/activities/plain"})),
    case("activity-without-definition", ("object", {"objectType": "Activity", "id": "http://example.com/a"})),
    case(
        "object-agent",
        ("object", {"objectType": "Agent", "mbox": "mailto:peer@example.com"}),
        ("context.revision", DELETE),
        ("context.platform", DELETE),
    ),
    case(
        "object-group",
        ("object", {"objectType": "Group", "member": [{"mbox": "mailto:peer@example.com"}]}),
        ("context.revision", DELETE),
        ("context.platform", DELETE),
    ),
    case(
        "object-statementref",
        ("object", {"objectType": "StatementRef", "id": str(uuid.uuid4())}),
        ("context.revision", DELETE),
        ("context.platform", DELETE),
    ),
    case(
        "object-substatement-with-result-and-context",
        (
            "object",
            {
                **SUBSTATEMENT,
                "result": {"success": False, "score": {"scaled": -1}},
                "context": {"registration": str(uuid.uuid4()), "platform": "web"},
                "timestamp": "2024-03-05T08:00:00Z",
            },
        ),
        ("context.revision", DELETE),
        ("context.platform", DELETE),
    ),
    case(
        "substatement-about-a-statementref",
        ("object", {**SUBSTATEMENT, "object": {"objectType": "StatementRef", "id": str(uuid.uuid4())}}),
        ("context.revision", DELETE),
        ("context.platform", DELETE),
    ),
    case(
        "context-activities-as-single-objects",
        (
            "context.contextActivities",
            {"parent": {"id": "http://example.com/p"}, "category": {"id": "http://e.com/c"}},
        ),
    ),
    case("score-at-the-bounds", ("result.score", {"scaled": 1, "raw": 10, "min": 0, "max": 10})),
    case("raw-equal-to-min", ("result.score", {"scaled": 0, "raw": 0, "min": 0, "max": 10})),
    case("score-negative-scaled", ("result.score", {"scaled": -1})),
    case("duration-zero", ("result.duration", "PT0S")),
    case("duration-everything", ("result.duration", "P1Y2M3DT4H5M6.75S")),
    case("duration-days", ("result.duration", "P3D")),
    case("duration-fractional-seconds", ("result.duration", "PT0.5S")),
    case("duration-weeks", ("result.duration", "P2W")),
    case("duration-seconds-only", ("result.duration", "PT16559.14S")),
    case("duration-zero-minutes", ("result.duration", "PT1H0M0.1S")),
    case("timestamp-utc", ("timestamp", "2024-03-05T01:09:10Z")),
    case("timestamp-microseconds", ("timestamp", "2024-03-05T01:09:10.123456+00:00")),
    case("language-tags", ("verb.display", {"vi": "đã trả lời", "zh-Hant-TW": "回答", "und": "answered"})),
    case("extension-values-of-any-json", ("context.extensions", {"http://e.com/x": None, "urn:x:y": [1, "a"]})),
    case("attachment-with-file-url", ("attachments", [ATTACHMENT])),
    case("version-1-0-0", ("version", "1.0.0"), versions=V1),
    case("version-1-0-9", ("version", "1.0.9"), versions=V1),
    case("version-2-0-0", ("version", "2.0.0"), versions=V2),
    case("context-agents", ("context.contextAgents", [CONTEXT_AGENT]), versions=V2),
    case(
        "context-agent-without-relevant-types",
        ("context.contextAgents", [{k: v for k, v in CONTEXT_AGENT.items() if k != "relevantTypes"}]),
        versions=V2,
    ),
    case("context-groups", ("context.contextGroups", [CONTEXT_GROUP]), versions=V2),
    case(
        "substatement-with-context-agents",
        ("object", {**SUBSTATEMENT, "context": {"contextAgents": [CONTEXT_AGENT]}}),
        ("context.revision", DELETE),
        ("context.platform", DELETE),
        versions=V2,
    ),
    case("timestamp-rfc3339-space-separator", ("timestamp", "2008-09-15 15:53:00.601+00:00"), versions=V2),
]


def _versions(versions):
    return [v for v in VERSIONS if v in versions]


@pytest.mark.parametrize(("edits", "version"), per_version(INVALID))
def test_invalid_statement_is_rejected_with_400(lrs, edits, version):
    statement = apply(full_statement(), edits)
    response = lrs.post("statements", statement, version=version)
    assert response.status_code == 400, response.content
    assert response.content, "a 400 must say why"
    assert lrs.query(version=version)["statements"] == []


@pytest.mark.parametrize(("edits", "version"), per_version(INVALID[:12]))
def test_invalid_statement_is_rejected_on_put_too(lrs, edits, version):
    statement = apply(full_statement(), edits)
    statement_id = str(uuid.uuid4())
    statement["id"] = statement_id
    response = lrs.put("statements", statement, {"statementId": statement_id}, version=version)
    assert response.status_code == 400


@pytest.mark.parametrize(("edits", "version"), per_version(VALID))
def test_valid_statement_is_accepted(lrs, edits, version):
    statement = apply(full_statement(), edits)
    response = lrs.post("statements", statement, version=version)
    assert response.status_code == 200, response.content
    assert response.json() == [statement["id"]]


@pytest.mark.parametrize("version", VERSIONS)
def test_single_context_activity_objects_are_returned_as_arrays(lrs, version):
    statement = apply(
        full_statement(),
        [("context.contextActivities", {"parent": {"id": "http://example.com/p"}})],
    )
    lrs.store(statement, version=version)
    parent = lrs.fetch(statement["id"], version=version)["context"]["contextActivities"]["parent"]
    assert isinstance(parent, list)
    assert [a["id"] for a in parent] == ["http://example.com/p"]


@pytest.mark.parametrize("version", VERSIONS)
def test_batch_with_one_invalid_statement_stores_none_of_it(lrs, version):
    good_before = make_statement(with_id=True)
    bad = apply(full_statement(), [("result.score.scaled", 2)])
    good_after = make_statement(with_id=True)
    response = lrs.post("statements", [good_before, bad, good_after], version=version)
    assert response.status_code == 400
    for statement in (good_before, bad, good_after):
        assert lrs.get("statements", {"statementId": statement["id"]}, version=version).status_code == 404
    assert lrs.query(version=version)["statements"] == []


# Wrong JSON types where a string, object or array is expected: 400, never a crash.


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("value", [{"type": "choice"}, ["choice"], 3, True, None], ids=repr)
def test_interaction_type_must_be_a_string(lrs, value, version):
    # Data 2.4.4.1 (interactionType is a String); Data 2.2: null values are refused.
    statement = make_statement(
        with_id=True,
        obj={"id": "http://example.com/q/1", "definition": {"interactionType": value, "choices": []}},
    )
    response = lrs.post("statements", statement, version=version)
    assert response.status_code == 400, response.content
    assert "interactionType" in response.json()["message"]


@pytest.mark.parametrize("key", ["contextAgents", "contextGroups"])
@pytest.mark.parametrize("value", [5, True, "agents"])
def test_context_agents_and_groups_must_be_arrays(lrs, key, value):
    statement = make_statement(with_id=True, context={key: value})
    response = lrs.post("statements", statement, version="2.0.0")
    assert response.status_code == 400, response.content
    assert key in response.json()["message"]


# Authority (Data 2.4.9): an Agent, or OAuth's anonymous Group of exactly two Agents.

MEMBERS = [
    {"objectType": "Agent", "account": {"homePage": "http://example.com/apps", "name": "tool"}},
    {"objectType": "Agent", "mbox": "mailto:user@example.com"},
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    "ifi",
    [
        {"mbox": "mailto:team@example.com"},
        {"mbox_sha1sum": "a" * 40},
        {"openid": "http://example.com/team"},
        {"account": {"homePage": "http://example.com", "name": "team"}},
    ],
    ids=["mbox", "mbox_sha1sum", "openid", "account"],
)
def test_identified_group_authority_is_400(lrs, ifi, version):
    authority = {"objectType": "Group", "member": MEMBERS, **ifi}
    statement = make_statement(with_id=True, authority=authority)
    response = lrs.post("statements", statement, version=version)
    assert response.status_code == 400, response.content
    assert "authority" in response.json()["message"]
    assert lrs.get("statements", {"statementId": statement["id"]}, version=version).status_code == 404


@pytest.mark.parametrize("version", VERSIONS)
def test_anonymous_two_member_group_authority_is_accepted(lrs, version):
    authority = {"objectType": "Group", "member": MEMBERS}
    assert lrs.post("statements", make_statement(authority=authority), version=version).status_code == 200
