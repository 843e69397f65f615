"""Statement processors run for every statement stored through the HTTP API, in the same transaction."""

import uuid

import pytest

from tests.xapi.support import VERSIONS, activity, make_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def seen():
    """Register a processor that records what it is called with; unregister it afterwards."""
    from xapi.services import register_processor, unregister_processor

    calls = []

    def processor(statement):
        calls.append(
            {
                "statement_id": str(statement.statement_id),
                "verb_id": statement.verb_id,
                "activity_id": statement.activity_id,
                "registration": str(statement.registration) if statement.registration else None,
                "data": statement.data,
            }
        )

    register_processor(processor)
    yield calls
    unregister_processor(processor)


@pytest.mark.parametrize("version", VERSIONS)
def test_statement_posted_by_an_external_client_runs_the_processor(lrs, seen, version):
    registration = str(uuid.uuid4())
    statement = make_statement(
        verb_slug="completed", obj=activity("lesson/7"), context={"registration": registration}, with_id=True
    )
    lrs.store(statement, version=version)
    assert len(seen) == 1
    call = seen[0]
    assert call["statement_id"] == statement["id"]
    assert call["verb_id"] == "http://adlnet.gov/expapi/verbs/completed"
    assert call["activity_id"] == "http://example.com/activities/lesson/7"
    assert call["registration"] == registration
    assert call["data"]["id"] == statement["id"]
    assert call["data"]["verb"]["id"] == statement["verb"]["id"]


def test_put_runs_the_processor(lrs, seen):
    statement_id = str(uuid.uuid4())
    assert lrs.put("statements", make_statement(), {"statementId": statement_id}).status_code == 204
    assert [c["statement_id"] for c in seen] == [statement_id]


def test_batch_runs_the_processor_once_per_statement(lrs, seen):
    ids = lrs.store(*(make_statement(obj=activity(f"batch/{i}")) for i in range(3)))
    assert sorted(c["statement_id"] for c in seen) == sorted(ids)


def test_processor_sees_none_for_a_non_activity_object(lrs, seen):
    lrs.store(make_statement(obj={"objectType": "Agent", "mbox": "mailto:peer@example.com"}))
    assert seen[0]["activity_id"] is None
    assert seen[0]["registration"] is None


@pytest.mark.parametrize("version", VERSIONS)
def test_batch_with_one_invalid_statement_stores_nothing_and_runs_no_processor(lrs, seen, version):
    good = make_statement(with_id=True)
    bad = make_statement(with_id=True, verb={"id": "not an iri"})
    response = lrs.post("statements", [good, bad], version=version)
    assert response.status_code == 400
    assert seen == []
    assert lrs.get("statements", {"statementId": good["id"]}, version=version).status_code == 404


def test_rejected_statement_runs_no_processor(lrs, seen):
    assert lrs.post("statements", make_statement(actor={"name": "nobody"})).status_code == 400
    assert seen == []


def test_repeating_an_identical_statement_does_not_run_the_processor_again(lrs, seen):
    statement = make_statement(with_id=True)
    params = {"statementId": statement["id"]}
    assert lrs.put("statements", statement, params).status_code == 204
    assert lrs.put("statements", statement, params).status_code == 204
    assert len(seen) == 1


def test_unregistered_processor_is_not_called(lrs):
    from xapi.services import register_processor, unregister_processor

    calls = []

    def processor(statement):
        calls.append(statement)

    register_processor(processor)
    unregister_processor(processor)
    lrs.store(make_statement())
    assert calls == []


@pytest.mark.django_db(transaction=True)
def test_processor_runs_inside_the_storing_transaction(lrs):
    """The processor sees the statement already in the database, inside an atomic block."""
    from django.db import connection

    from xapi.services import register_processor, unregister_processor

    observed = []

    def processor(statement):
        observed.append(connection.in_atomic_block)

    register_processor(processor)
    try:
        lrs.store(make_statement())
    finally:
        unregister_processor(processor)
    assert observed == [True]
