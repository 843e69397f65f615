"""Activities and Agents resources (xAPI 1.0.3 Communication 2.4, 2.5)."""

import pytest

from tests.xapi.support import BAD_AGENTS, VERSIONS, activity, make_statement, mbox_agent

pytestmark = pytest.mark.django_db

PERSON_KEYS = {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"}


# Activities


@pytest.mark.parametrize("version", VERSIONS)
def test_activity_definition_is_merged_from_all_statements(lrs, version):
    lrs.store(
        make_statement(
            obj=activity("merge", name={"en-US": "Digital safety"}, type="http://adlnet.gov/expapi/activities/course")
        ),
        version=version,
    )
    lrs.store(
        make_statement(obj=activity("merge", name={"vi-VN": "An toàn số"}, description={"vi-VN": "Khoá học"})),
        version=version,
    )
    response = lrs.get("activities", {"activityId": activity("merge")["id"]}, version=version)
    assert response.status_code == 200
    body = response.json()
    assert body["objectType"] == "Activity"
    assert body["id"] == activity("merge")["id"]
    definition = body["definition"]
    assert definition["name"] == {"en-US": "Digital safety", "vi-VN": "An toàn số"}
    assert definition["description"] == {"vi-VN": "Khoá học"}
    assert definition["type"] == "http://adlnet.gov/expapi/activities/course"


@pytest.mark.parametrize("version", VERSIONS)
def test_activity_returned_is_exactly_the_one_stored(lrs, version):
    stored = activity(
        "exact",
        name={"en-US": "Quiz"},
        type="http://adlnet.gov/expapi/activities/cmi.interaction",
        interactionType="true-false",
        correctResponsesPattern=["true"],
        extensions={"http://example.com/ext/level": 2},
    )
    lrs.store(make_statement(obj=stored), version=version)
    assert lrs.get("activities", {"activityId": stored["id"]}, version=version).json() == stored


@pytest.mark.parametrize("version", VERSIONS)
def test_activities_in_context_are_known_too(lrs, version):
    parent = activity("parent-course", name={"en-US": "Parent course"})
    lrs.store(make_statement(context={"contextActivities": {"parent": [parent]}}), version=version)
    body = lrs.get("activities", {"activityId": parent["id"]}, version=version).json()
    assert body["definition"]["name"] == {"en-US": "Parent course"}


@pytest.mark.parametrize("version", VERSIONS)
def test_unknown_activity_still_returns_an_activity_object(lrs, version):
    # Communication 2.5.s2.b1 (SHOULD*, "shall" in the 2.0.0 conformance suite).
    activity_id = "http://example.com/activities/never-seen"
    response = lrs.get("activities", {"activityId": activity_id}, version=version)
    assert response.status_code == 200
    assert response.json()["id"] == activity_id
    assert response.json().get("objectType", "Activity") == "Activity"


@pytest.mark.parametrize("version", VERSIONS)
def test_activities_needs_an_activity_id(lrs, version):
    assert lrs.get("activities", version=version).status_code == 400
    assert lrs.get("activities", {"activityId": "http://e.com/a", "extra": "1"}, version=version).status_code == 400


@pytest.mark.parametrize("version", VERSIONS)
def test_head_activities(lrs, version):
    lrs.store(make_statement(obj=activity("head", name="Head")), version=version)
    response = lrs.head("activities", {"activityId": activity("head")["id"]}, version=version)
    assert response.status_code == 200
    assert response.content == b""


def test_credential_without_define_scope_does_not_change_the_canonical_definition(lrs, lrs_for):
    lrs.store(make_statement(obj=activity("guarded", name={"en-US": "Original"})))
    writer = lrs_for("statements/write")
    writer.store(make_statement(obj=activity("guarded", name={"en-US": "Overwritten", "fr-FR": "Nouveau"})))
    body = lrs.get("activities", {"activityId": activity("guarded")["id"]}).json()
    assert body["definition"]["name"] == {"en-US": "Original"}


# Agents


@pytest.mark.parametrize("version", VERSIONS)
def test_agents_returns_a_person_with_array_properties(lrs, version):
    agent = mbox_agent("person", name="Lê Thị Person")
    lrs.store(make_statement(actor=agent), version=version)
    response = lrs.get("agents", {"agent": {"mbox": agent["mbox"]}}, version=version)
    assert response.status_code == 200
    person = response.json()
    assert person["objectType"] == "Person"
    assert set(person) <= PERSON_KEYS
    assert person["mbox"] == [agent["mbox"]]
    assert all(isinstance(person[key], list) for key in person if key != "objectType")
    assert "Lê Thị Person" in person.get("name", [])


@pytest.mark.parametrize("version", VERSIONS)
def test_unknown_agent_still_returns_a_person(lrs, version):
    account = {"homePage": "http://example.com", "name": "never-seen"}
    response = lrs.get(
        "agents", {"agent": {"objectType": "Agent", "name": "Nobody", "account": account}}, version=version
    )
    assert response.status_code == 200
    person = response.json()
    assert person["objectType"] == "Person"
    assert person["account"] == [account]
    assert set(person) <= PERSON_KEYS


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    "params",
    [
        {},
        *[{"agent": bad} for bad in BAD_AGENTS.values()],
        {"agent": {"objectType": "Group", "member": [{"mbox": "mailto:a@example.com"}]}},
    ],
    ids=["missing", *BAD_AGENTS, "anonymous-group"],
)
def test_agents_rejects_a_bad_agent_parameter(lrs, params, version):
    assert lrs.get("agents", params, version=version).status_code == 400


@pytest.mark.parametrize("version", VERSIONS)
def test_head_agents(lrs, version):
    response = lrs.head("agents", {"agent": mbox_agent("head")}, version=version)
    assert response.status_code == 200
    assert response.content == b""
