"""On PostgreSQL, each call keeps the ids of its participants' officials and posts in two
arrays with GIN indexes, so filters by persons, country and role read one index instead of
joining the participants. Triggers on the participants table keep them right whatever writes
it (ingest, admin, merges, reverts, COPY); existing calls are filled here. SQLite keeps the
join (see CallQuerySet)."""

from django.db import migrations

# Recomputes the arrays of the given calls from their participants.
REFRESH = """
CREATE FUNCTION contacts_refresh_participant_arrays(calls bigint[]) RETURNS void
LANGUAGE sql AS $$
UPDATE contacts_call AS c
   SET participant_official_ids = COALESCE(
           (SELECT array_agg(DISTINCT cp.official_id) FROM contacts_callparticipant AS cp
             WHERE cp.call_id = c.id), '{}'),
       participant_position_ids = COALESCE(
           (SELECT array_agg(DISTINCT cp.position_id) FROM contacts_callparticipant AS cp
             WHERE cp.call_id = c.id AND cp.position_id IS NOT NULL), '{}')
 WHERE c.id = ANY(calls)
$$;
"""

# Statement-level with transition tables, so a COPY or a bulk insert of thousands of
# participants updates each of their calls once.
FUNCTION = """
CREATE FUNCTION contacts_call_participant_arrays() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM contacts_refresh_participant_arrays(ARRAY(SELECT DISTINCT call_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM contacts_refresh_participant_arrays(ARRAY(SELECT DISTINCT call_id FROM old_rows));
    ELSE
        PERFORM contacts_refresh_participant_arrays(
            ARRAY(SELECT call_id FROM new_rows UNION SELECT call_id FROM old_rows));
    END IF;
    RETURN NULL;
END
$$;
"""

TRIGGERS = [
    ("insert", "INSERT", "REFERENCING NEW TABLE AS new_rows"),
    ("update", "UPDATE", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    ("delete", "DELETE", "REFERENCING OLD TABLE AS old_rows"),
]

FILL = """
UPDATE contacts_call AS c
   SET participant_official_ids = p.officials, participant_position_ids = p.positions
  FROM (
    SELECT call_id,
           array_agg(DISTINCT official_id) AS officials,
           COALESCE(array_agg(DISTINCT position_id)
                    FILTER (WHERE position_id IS NOT NULL), '{}') AS positions
      FROM contacts_callparticipant GROUP BY call_id
  ) AS p
 WHERE c.id = p.call_id
"""


def add_arrays(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in ("participant_official_ids", "participant_position_ids"):
        schema_editor.execute(
            f"ALTER TABLE contacts_call ADD COLUMN {column} bigint[] NOT NULL DEFAULT '{{}}'"
        )
    schema_editor.execute(FILL)
    for column in ("participant_official_ids", "participant_position_ids"):
        schema_editor.execute(f"CREATE INDEX call_{column} ON contacts_call USING gin ({column})")
    schema_editor.execute(REFRESH)
    schema_editor.execute(FUNCTION)
    for name, event, referencing in TRIGGERS:
        schema_editor.execute(
            f"CREATE TRIGGER participant_arrays_{name} AFTER {event} ON contacts_callparticipant "
            f"{referencing} FOR EACH STATEMENT "
            "EXECUTE FUNCTION contacts_call_participant_arrays()"
        )


def drop_arrays(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER participant_arrays_{name} ON contacts_callparticipant")
    schema_editor.execute("DROP FUNCTION contacts_call_participant_arrays()")
    schema_editor.execute("DROP FUNCTION contacts_refresh_participant_arrays(bigint[])")
    for column in ("participant_official_ids", "participant_position_ids"):
        schema_editor.execute(f"ALTER TABLE contacts_call DROP COLUMN {column}")


class Migration(migrations.Migration):
    dependencies = [("contacts", "0007_scale_indexes")]

    operations = [migrations.RunPython(add_arrays, drop_arrays)]
