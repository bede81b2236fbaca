"""GIN expression indexes for site search on PostgreSQL (byregion/search.py).

Each expression is exactly the SQL Django compiles for the SearchVector that byregion.search
filters on (REGION_VECTOR, GOAL_VECTOR, RESULT_VECTOR), so the planner can answer `@@` from the
index. tests/byregion/test_search.py checks with EXPLAIN that it does. Other databases search with
a plain fallback and get no index.
"""

from django.db import migrations

INDEXES = [
    (
        "region_search_idx",
        "regions_region",
        "(setweight(to_tsvector('norwegian'::regconfig, COALESCE(\"name\", '')), 'A')"
        " || setweight(to_tsvector('norwegian'::regconfig, COALESCE(\"summary\", '')), 'B'))",
    ),
    (
        "goal_search_idx",
        "regions_goal",
        "(to_tsvector('norwegian'::regconfig, COALESCE(\"text\", '')))",
    ),
    (
        "result_search_idx",
        "cases_resultexample",
        "((setweight(to_tsvector('norwegian'::regconfig, COALESCE(\"title\", '')), 'A')"
        " || setweight(to_tsvector('norwegian'::regconfig, COALESCE(\"teaser\", '')), 'B'))"
        " || setweight(to_tsvector('norwegian'::regconfig, COALESCE(\"body\", '')), 'C'))",
    ),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, expression in INDEXES:
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ({expression})')


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0002_reference_data"),
        ("cases", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
