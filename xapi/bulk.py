"""Writing a batch of statements and their link rows: one round trip on PostgreSQL, bulk_create elsewhere.

Ingest is the LRS's hot path, and for single statements round trips dominate. On PostgreSQL the
statements and both link tables go in with one INSERT of data-modifying CTEs over arrays (unnest).
"""

import json
import re

from django.db import connection

from .models import Activity, Statement, StatementActivity, StatementAgent

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


# New statements in one round trip, each parameter an array bound server-side: statements that already
# exist are skipped (ON CONFLICT) and left to the caller to compare, users are found by public id in the
# same statement, and activities seen for the first time get their definition. Link rows and definitions
# follow only statements that went in.
UPSERT_SQL = """
WITH st AS (
    INSERT INTO {statement} AS s (statement_id, data, version, actor_ifi, object_ifi, verb_id, activity_id,
        object_statement_id, registration, timestamp, stored, voided, is_voiding, user_id, credential_id,
        timestamp_given, source)
    SELECT i.statement_id, i.data, i.version, i.actor_ifi, i.object_ifi, i.verb_id, i.activity_id,
        i.object_statement_id, i.registration, i.timestamp, $1::timestamptz, false, false,
        (SELECT u.id FROM {user} u WHERE u.public_id = i.public_id), $2::bigint, i.timestamp_given, $3::text
    FROM unnest($4::uuid[], $5::jsonb[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
        $11::uuid[], $12::uuid[], $13::timestamptz[], $14::bool[], $15::uuid[])
        AS i(statement_id, data, version, actor_ifi, object_ifi, verb_id, activity_id, object_statement_id,
             registration, timestamp, timestamp_given, public_id)
    ON CONFLICT (statement_id) DO NOTHING
    RETURNING s.id, s.statement_id, s.user_id
), activity_links AS (
    INSERT INTO {activity} (statement_id, activity_id, direct)
    SELECT st.id, link.activity_id, link.direct
    FROM unnest($16::uuid[], $17::text[], $18::bool[]) AS link(sid, activity_id, direct)
    JOIN st ON st.statement_id = link.sid
), agent_links AS (
    INSERT INTO {agent} (statement_id, ifi, direct)
    SELECT st.id, link.ifi, link.direct
    FROM unnest($19::uuid[], $20::text[], $21::bool[]) AS link(sid, ifi, direct)
    JOIN st ON st.statement_id = link.sid
), defined AS (
    INSERT INTO {definition} AS a (activity_id, definition, updated)
    SELECT d.activity_id, d.definition, $1::timestamptz
    FROM unnest($22::text[], $23::jsonb[]) AS d(activity_id, definition)
    WHERE EXISTS (SELECT 1 FROM st)
    ON CONFLICT (activity_id) DO NOTHING
    RETURNING a.activity_id
)
SELECT st.id, st.statement_id, st.user_id, NULL FROM st
UNION ALL SELECT NULL, NULL, NULL, defined.activity_id FROM defined
"""

# Column order of the per-statement arrays UPSERT_SQL takes ($4 to $15).
UPSERT_COLUMNS = (
    "statement_id", "data", "version", "actor_ifi", "object_ifi", "verb_id", "activity_id",
    "object_statement_id", "registration", "timestamp", "timestamp_given", "public_id",
)  # fmt: skip


def upsert(stored, credential_id, source, columns, activity_links, agent_links, definitions):
    """Insert the statements that are new; return ({statement_id: (pk, user_id)}, {activity ids defined}).

    `columns` holds one list per UPSERT_COLUMNS entry (data already JSON text); link lists are
    (statement ids, values, direct); `definitions` is (activity ids, definitions as JSON text).
    PostgreSQL only. The query is bound server-side, so psycopg prepares it once per connection.
    """
    import psycopg
    from django.contrib.auth import get_user_model

    sql = re.sub(r"\$(\d+)", r"%(p\1)b", UPSERT_SQL).format(
        statement=Statement._meta.db_table,
        activity=StatementActivity._meta.db_table,
        agent=StatementAgent._meta.db_table,
        definition=Activity._meta.db_table,
        user=get_user_model()._meta.db_table,
    )
    params = [stored, credential_id, source, *columns, *activity_links, *agent_links, *definitions]
    connection.ensure_connection()
    inserted, defined = {}, set()
    # Django's wrapper over a server-binding cursor: still logged and seen by execute wrappers.
    # In a transaction, pipeline mode sends the implicit BEGIN with the INSERT: one round trip, not two.
    # The pipeline flushes on exit, outside the cursor wrapper: Django's error wrapping covers it too, so a
    # lost connection is Django's OperationalError (a 503, the connection discarded), never a bare psycopg one.
    raw = connection.connection
    with connection.wrap_database_errors, connection._prepare_cursor(psycopg.Cursor(raw)) as cursor, raw.pipeline():
        cursor.execute(sql, {f"p{n}": value for n, value in enumerate(params, 1)})
        rows = cursor.fetchall()
    for pk, statement_id, user_id, activity_id in rows:
        if pk is None:
            defined.add(activity_id)
        else:
            inserted[statement_id] = (pk, user_id)
    return inserted, defined
