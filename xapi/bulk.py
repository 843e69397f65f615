"""Writing a batch of statements and their link rows: one round trip on PostgreSQL, bulk_create elsewhere.

Ingest is the LRS's hot path, and for single statements round trips dominate. On PostgreSQL the
statements and both link tables go in with one INSERT of data-modifying CTEs over arrays (unnest).
"""

import json

from django.db import connection

from .models import Statement, StatementActivity, StatementAgent

INSERT_SQL = """
WITH st AS (
    INSERT INTO {statement} (statement_id, data, version, actor_ifi, object_ifi, verb_id, activity_id,
        object_statement_id, registration, timestamp, stored, voided, is_voiding, user_id, credential_id,
        timestamp_given, source)
    SELECT * FROM unnest(%s::uuid[], %s::text[]::jsonb[], %s::text[], %s::text[], %s::text[], %s::text[],
        %s::text[], %s::uuid[], %s::uuid[], %s::timestamptz[], %s::timestamptz[], %s::bool[], %s::bool[],
        %s::bigint[], %s::bigint[], %s::bool[], %s::text[])
    RETURNING id, statement_id
), activity_links AS (
    INSERT INTO {activity} (statement_id, activity_id, direct)
    SELECT st.id, link.activity_id, link.direct
    FROM unnest(%s::uuid[], %s::text[], %s::bool[]) AS link(sid, activity_id, direct)
    JOIN st ON st.statement_id = link.sid
    RETURNING 1
), agent_links AS (
    INSERT INTO {agent} (statement_id, ifi, direct)
    SELECT st.id, link.ifi, link.direct
    FROM unnest(%s::uuid[], %s::text[], %s::bool[]) AS link(sid, ifi, direct)
    JOIN st ON st.statement_id = link.sid
    RETURNING 1
)
SELECT id, statement_id FROM st
"""


def _columns(rows):
    return [
        [row.statement_id for row in rows],
        [json.dumps(row.data, ensure_ascii=False) for row in rows],
        [row.version for row in rows],
        [row.actor_ifi for row in rows],
        [row.object_ifi for row in rows],
        [row.verb_id for row in rows],
        [row.activity_id for row in rows],
        [row.object_statement_id for row in rows],
        [row.registration for row in rows],
        [row.timestamp for row in rows],
        [row.stored for row in rows],
        [row.voided for row in rows],
        [row.is_voiding for row in rows],
        [row.user_id for row in rows],
        [row.credential_id for row in rows],
        [row.timestamp_given for row in rows],
        [row.source for row in rows],
    ]


def insert(rows, links_for):
    """Insert statements (model instances without pk) and the links `links_for(row)` gives for each.

    `links_for(row)` returns (activity links [(activity_id, direct)], agent links [(ifi, direct)]).
    On PostgreSQL everything goes in one round trip: one statement of data-modifying CTEs over arrays.
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
    activity_links, agent_links = ([], [], []), ([], [], [])
    for row in rows:
        row_activities, row_agents = links_for(row)
        for activity_id, direct in row_activities:
            for column, value in zip(activity_links, (row.statement_id, activity_id, direct), strict=True):
                column.append(value)
        for ifi, direct in row_agents:
            for column, value in zip(agent_links, (row.statement_id, ifi, direct), strict=True):
                column.append(value)
    sql = INSERT_SQL.format(
        statement=Statement._meta.db_table,
        activity=StatementActivity._meta.db_table,
        agent=StatementAgent._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*_columns(rows), *activity_links, *agent_links])
        ids = {statement_id: pk for pk, statement_id in cursor.fetchall()}
    for row in rows:
        row.pk = row.id = ids[row.statement_id]
