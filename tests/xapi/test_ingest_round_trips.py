"""Round trips of the ingest path on PostgreSQL: what a single POST costs the database."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.xapi.support import activity, make_statement

# The one-statement insert is PostgreSQL's: these run with the configured PostgreSQL (integration).
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def declared_only(monkeypatch):
    """Only processors that declare what they care about, so the autocommit path can be seen."""
    from xapi import processors

    monkeypatch.setattr(
        processors, "_cares", {fn: c for fn, c in processors._cares.items() if c is not processors._always}
    )
    monkeypatch.setattr(processors, "_registry", [fn for fn in processors._registry if fn in processors._cares])


def test_a_statement_no_processor_cares_about_is_one_round_trip(lrs, declared_only):
    statement = make_statement(obj=activity("elsewhere/1", name="Bài học"), with_id=True)
    lrs.store(statement)  # warms the credential and definition caches
    again = make_statement(obj=activity("elsewhere/1", name="Bài học"), with_id=True)
    atomic = []

    def watch(execute, sql, params, many, context):
        atomic.append(connection.in_atomic_block)
        return execute(sql, params, many, context)

    with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(watch):
        lrs.store(again)
    sql = [q["sql"] for q in queries.captured_queries]
    assert len(sql) == 1, sql
    assert "ON CONFLICT" in sql[0]
    assert atomic == [False], "stored in autocommit, without BEGIN and COMMIT"


def test_the_same_statement_twice_is_accepted_and_different_content_is_a_conflict(lrs, declared_only):
    statement = make_statement(obj=activity("elsewhere/2"), with_id=True)
    lrs.store(statement)
    assert lrs.post("statements", statement).status_code == 200
    changed = {**statement, "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}}
    assert lrs.post("statements", changed).status_code == 409


def test_a_statement_a_processor_cares_about_runs_it_in_the_storing_transaction(lrs):
    from django.conf import settings

    from xapi.services import register_processor, unregister_processor

    seen = []

    def processor(statement):
        seen.append((str(statement.statement_id), connection.in_atomic_block))

    prefix = f"{settings.SITE_URL}/xapi/activities/"
    register_processor(processor, cares=lambda s: s["object"].get("id", "").startswith(prefix))
    try:
        ours = make_statement(obj={"objectType": "Activity", "id": f"{prefix}lesson/{uuid.uuid4().int % 10**6}"})
        [ours_id] = lrs.store(ours)
        assert seen == [(ours_id, True)]
    finally:
        unregister_processor(processor)


def test_every_processor_the_apps_register_declares_what_it_cares_about():
    """So a statement about another site's activity is stored in autocommit without any test fixture."""
    from xapi import processors

    assert processors._registry
    assert all(processors._cares.get(fn, processors._always) is not processors._always for fn in processors._registry)
