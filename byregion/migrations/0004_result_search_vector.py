"""A stored full-text vector for results on PostgreSQL, kept up to date by the database.

Computing each matching result's vector at query time made a search for a common word rank every
result from its text (seconds with 100 000 results). The column `search_vector` of
cases_resultexample holds title (weight A), teaser (B) and body (C) with the `norwegian`
configuration; a trigger writes it on every insert and every update of those three fields,
whatever writes them (the admin, imports, bulk writes, a shell), and a GIN index serves the `@@`
match (byregion/site/search_postgres.py). The expression index it replaces (result_search_idx of
0001) goes. The column is the database's alone: the model does not declare it, so no other page
reads it, and PostgreSQL keeps it right by itself. Other databases search with a plain fallback
and get nothing here.
"""

from django.db import migrations

VECTOR = (
    "setweight(to_tsvector('norwegian'::regconfig, COALESCE({row}\"title\", '')), 'A')"
    " || setweight(to_tsvector('norwegian'::regconfig, COALESCE({row}\"teaser\", '')), 'B')"
    " || setweight(to_tsvector('norwegian'::regconfig, COALESCE({row}\"body\", '')), 'C')"
)

FORWARD = [
    'ALTER TABLE "cases_resultexample" ADD COLUMN "search_vector" tsvector',
    f"""CREATE FUNCTION byregion_result_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW."search_vector" := {VECTOR.format(row="NEW.")};
    RETURN NEW;
END
$$""",
    'CREATE TRIGGER "result_search_vector" BEFORE INSERT OR UPDATE OF "title", "teaser", "body"'
    ' ON "cases_resultexample" FOR EACH ROW EXECUTE FUNCTION byregion_result_search_vector()',
    f'UPDATE "cases_resultexample" SET "search_vector" = {VECTOR.format(row="")}',
    'CREATE INDEX "result_search_vector_idx" ON "cases_resultexample" USING gin ("search_vector")',
    'DROP INDEX IF EXISTS "result_search_idx"',
    # The planner needs the new column's statistics to choose between the index and a scan.
    'ANALYZE "cases_resultexample"',
]

BACKWARD = [
    'DROP TRIGGER IF EXISTS "result_search_vector" ON "cases_resultexample"',
    "DROP FUNCTION IF EXISTS byregion_result_search_vector()",
    'ALTER TABLE "cases_resultexample" DROP COLUMN IF EXISTS "search_vector"',
    'CREATE INDEX IF NOT EXISTS "result_search_idx" ON "cases_resultexample" USING gin (('
    + VECTOR.format(row="")
    + "))",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("byregion", "0003_link_status"),
        ("cases", "0004_text_limits"),
    ]

    operations = [migrations.RunPython(forward, backward)]
