"""An unmodified third-party client, the `tincan` package's RemoteLRS, against the running site.

tincan 1.0.0 speaks xAPI 1.0.x only: its `about()` fails when an LRS also lists 2.0.0 and its
`save_state()` sends the PUT twice, so neither is used here.
"""

import uuid

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def remote(live_server, credential):
    from tincan import RemoteLRS

    key, secret = credential
    return RemoteLRS(endpoint=live_server.url + "/xapi/", version="1.0.3", username=key, password=secret)


def build(name, verb="experienced", course="tincan/1"):
    from tincan import Activity, ActivityDefinition, Agent, LanguageMap, Statement, Verb

    return Statement(
        actor=Agent(name=name.title(), mbox=f"mailto:{name}@example.com"),
        verb=Verb(id=f"http://adlnet.gov/expapi/verbs/{verb}", display=LanguageMap({"en-US": verb})),
        object=Activity(
            id=f"http://example.com/activities/{course}",
            definition=ActivityDefinition(name=LanguageMap({"en-US": "Tin Can course"})),
        ),
    )


def test_save_and_retrieve_a_statement(remote):
    statement = build("tincan")
    saved = remote.save_statement(statement)
    assert saved.success, saved.data
    assert statement.id is not None
    retrieved = remote.retrieve_statement(str(statement.id))
    assert retrieved.success, retrieved.data
    assert str(retrieved.content.id) == str(statement.id)
    assert retrieved.content.verb.id == "http://adlnet.gov/expapi/verbs/experienced"
    assert retrieved.content.actor.mbox == "mailto:tincan@example.com"


def test_save_with_an_id_uses_put(remote):
    statement = build("tincan-put")
    statement.id = str(uuid.uuid4())
    assert remote.save_statement(statement).success
    assert remote.retrieve_statement(str(statement.id)).success


def test_save_a_batch_and_query_it_back_page_by_page(remote):
    from tincan import Agent, Verb

    batch = [build("tincan-batch", "completed", f"tincan/{i}") for i in range(3)]
    saved = remote.save_statements(batch)
    assert saved.success, saved.data
    remote.save_statement(build("someone-else", "completed"))

    query = {
        "agent": Agent(mbox="mailto:tincan-batch@example.com"),
        "verb": Verb(id="http://adlnet.gov/expapi/verbs/completed"),
        "limit": 2,
    }
    first = remote.query_statements(query)
    assert first.success, first.data
    found = [str(s.id) for s in first.content.statements]
    assert len(found) == 2
    more = remote.more_statements(first.content)
    assert more.success, more.data
    found += [str(s.id) for s in more.content.statements]
    assert sorted(found) == sorted(str(s.id) for s in batch)


def test_retrieve_a_voided_statement(remote):
    from tincan import Statement, StatementRef, Verb

    statement = build("tincan-void")
    assert remote.save_statement(statement).success
    voiding = Statement(
        actor=statement.actor,
        verb=Verb(id="http://adlnet.gov/expapi/verbs/voided"),
        object=StatementRef(id=str(statement.id)),
    )
    assert remote.save_statement(voiding).success
    assert not remote.retrieve_statement(str(statement.id)).success
    voided = remote.retrieve_voided_statement(str(statement.id))
    assert voided.success
    assert str(voided.content.id) == str(statement.id)
