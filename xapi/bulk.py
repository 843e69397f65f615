"""Writing a batch of statements and their link rows: COPY on PostgreSQL, bulk_create elsewhere.

Ingest is the LRS's hot path. On PostgreSQL the ids come from the sequence in one query and the rows
go in with COPY, several times faster than INSERT ... VALUES through the ORM for batches of 100.
"""

import json

from django.db import connection

from .models import Statement, StatementActivity, StatementAgent

STATEMENT_COLUMNS = (
    "id", "statement_id", "data", "version", "actor_ifi", "object_ifi", "verb_id", "activity_id",
    "object_statement_id", "registration", "timestamp", "stored", "voided", "is_voiding", "user_id",
    "credential_id", "timestamp_given",
)  # fmt: skip


def _allocate_ids(cursor, count):
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        [Statement._meta.db_table, count],
    )
    return [row[0] for row in cursor.fetchall()]


def insert(rows, links_for):
    """Insert statements (model instances without pk) and the links `links_for(row)` gives for each.

    `links_for(row)` returns (activity links [(activity_id, direct)], agent links [(ifi, direct)]).
    """
    if connection.vendor != "postgresql":
        Statement.objects.bulk_create(rows)
        activities, agents = [], []
        for row in rows:
            row_activities, row_agents = links_for(row)
            activities += [StatementActivity(statement=row, activity_id=a, direct=d) for a, d in row_activities]
            agents += [StatementAgent(statement=row, ifi=i, direct=d) for i, d in row_agents]
        StatementActivity.objects.bulk_create(activities)
        StatementAgent.objects.bulk_create(agents)
        return
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        for row, pk in zip(rows, _allocate_ids(cursor, len(rows)), strict=True):
            row.pk = row.id = pk
        with cursor.copy(f"COPY {Statement._meta.db_table} ({', '.join(STATEMENT_COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(
                    (row.pk, row.statement_id, json.dumps(row.data, ensure_ascii=False), row.version, row.actor_ifi,
                     row.object_ifi, row.verb_id, row.activity_id, row.object_statement_id, row.registration,
                     row.timestamp, row.stored, row.voided, row.is_voiding, row.user_id, row.credential_id,
                     row.timestamp_given)
                )  # fmt: skip
        activity_table, agent_table = StatementActivity._meta.db_table, StatementAgent._meta.db_table
        links = [(row.pk, *links_for(row)) for row in rows]
        with cursor.copy(f"COPY {activity_table} (statement_id, activity_id, direct) FROM STDIN") as copy:
            for pk, row_activities, _agents in links:
                for activity_id, direct in row_activities:
                    copy.write_row((pk, activity_id, direct))
        with cursor.copy(f"COPY {agent_table} (statement_id, ifi, direct) FROM STDIN") as copy:
            for pk, _activities, row_agents in links:
                for ifi, direct in row_agents:
                    copy.write_row((pk, ifi, direct))
