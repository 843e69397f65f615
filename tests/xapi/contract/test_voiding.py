"""Voiding (xAPI 1.0.3 Data 2.3.2, Communication 2.1.4)."""

import uuid

import pytest

from tests.xapi.support import VERSIONS, activity, make_statement, mbox_agent, statement_ref, verb, voiding

pytestmark = pytest.mark.django_db


@pytest.fixture
def voided_pair(lrs):
    """A statement and the statement voiding it."""
    [target] = lrs.store(make_statement(mbox_agent("voided"), "completed", activity("voidable")))
    [voider] = lrs.store(voiding(target))
    return target, voider


@pytest.mark.parametrize("version", VERSIONS)
def test_voiding_statement_is_accepted(lrs, version):
    [target] = lrs.store(make_statement(), version=version)
    response = lrs.post("statements", voiding(target), version=version)
    assert response.status_code == 200


@pytest.mark.parametrize("version", VERSIONS)
def test_voided_statement_is_only_found_by_voided_statement_id(lrs, voided_pair, version):
    target, _voider = voided_pair
    assert lrs.get("statements", {"statementId": target}, version=version).status_code == 404
    response = lrs.get("statements", {"voidedStatementId": target}, version=version)
    assert response.status_code == 200
    assert response.json()["id"] == target
    assert response.json()["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed"


@pytest.mark.parametrize("version", VERSIONS)
def test_voided_statement_id_of_a_statement_that_is_not_voided_is_404(lrs, version):
    [live] = lrs.store(make_statement(), version=version)
    assert lrs.get("statements", {"voidedStatementId": live}, version=version).status_code == 404
    assert lrs.get("statements", {"voidedStatementId": str(uuid.uuid4())}, version=version).status_code == 404


@pytest.mark.parametrize("version", VERSIONS)
def test_voiding_statement_itself_is_found_by_statement_id(lrs, voided_pair, version):
    target, voider = voided_pair
    body = lrs.fetch(voider, version=version)
    assert body["object"] == {"objectType": "StatementRef", "id": target}


@pytest.mark.parametrize("version", VERSIONS)
def test_voided_statements_are_left_out_of_queries(lrs, voided_pair, version):
    target, voider = voided_pair
    everything = [s["id"] for s in lrs.query(version=version)["statements"]]
    assert target not in everything
    assert voider in everything
    by_agent = [s["id"] for s in lrs.query(version=version, agent=mbox_agent("voided"))["statements"]]
    assert target not in by_agent


@pytest.mark.parametrize("version", VERSIONS)
def test_statements_targeting_a_voided_statement_are_still_returned(lrs, voided_pair, version):
    target, voider = voided_pair
    # The voiding statement targets the voided one, so filters matching the voided statement return it.
    by_activity = [s["id"] for s in lrs.query(version=version, activity=activity("voidable")["id"])["statements"]]
    assert by_activity == [voider]
    by_verb = [
        s["id"] for s in lrs.query(version=version, verb="http://adlnet.gov/expapi/verbs/completed")["statements"]
    ]
    assert voider in by_verb
    assert target not in by_verb


@pytest.mark.parametrize("version", VERSIONS)
def test_voiding_needs_a_statement_ref_object(lrs, version):
    statement = make_statement(obj=activity("not-a-ref"), verb={"id": "http://adlnet.gov/expapi/verbs/voided"})
    assert lrs.post("statements", statement, version=version).status_code == 400


@pytest.mark.parametrize("version", VERSIONS)
def test_voiding_an_unknown_statement_is_not_rejected(lrs, version):
    # Data 2.3.2: the LRS SHOULD NOT* reject a voiding statement because its target is not present.
    assert lrs.post("statements", voiding(uuid.uuid4()), version=version).status_code == 200


@pytest.mark.parametrize("version", VERSIONS)
def test_a_voiding_statement_cannot_be_voided(lrs, voided_pair, version):
    _target, voider = voided_pair
    response = lrs.post("statements", voiding(voider), version=version)
    assert response.status_code in {200, 400}
    # Whatever the answer, the voiding statement stays in force and visible.
    assert lrs.get("statements", {"statementId": voider}, version=version).status_code == 200
    assert lrs.get("statements", {"voidedStatementId": voider}, version=version).status_code == 404


@pytest.mark.parametrize("version", VERSIONS)
def test_voiding_in_the_same_batch_as_its_target(lrs, version):
    target = make_statement(with_id=True)
    response = lrs.post("statements", [target, voiding(target["id"])], version=version)
    assert response.status_code == 200
    assert lrs.get("statements", {"statementId": target["id"]}, version=version).status_code == 404
    assert lrs.get("statements", {"voidedStatementId": target["id"]}, version=version).status_code == 200


@pytest.mark.parametrize("version", VERSIONS)
def test_voided_statement_cannot_be_replaced_under_its_id(lrs, voided_pair, version):
    target, _voider = voided_pair
    changed = make_statement(obj=activity("replacement"), id=target)
    assert lrs.post("statements", changed, version=version).status_code == 409
    assert (
        lrs.get("statements", {"voidedStatementId": target}, version=version).json()["object"]["id"]
        == (activity("voidable")["id"])
    )


def test_a_statement_ref_with_another_verb_does_not_void(lrs):
    [target] = lrs.store(make_statement())
    lrs.store(make_statement(obj=statement_ref(target), verb=verb("liked")))
    assert lrs.get("statements", {"statementId": target}).status_code == 200
