"""On PostgreSQL, results are searched through a stored vector that the database keeps up to
date, and only a bounded number of matches is ranked (byregion/site/search_postgres.py)."""

from datetime import datetime

import pytest
from django.db import connection

from byregion.prepared import PreparedQuery
from byregion.site import search_postgres
from cases.models import ResultExample
from tests.byregion.site.test_search import hit_titles
from tests.factories import make_region, make_result

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the stored vector is PostgreSQL's alone"
    ),
]


def stored_vector(result):
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT "search_vector"::text FROM "cases_resultexample" WHERE "id" = %s',
            [result.pk],
        )
        return cursor.fetchone()[0]


def test_the_database_writes_the_vector_whatever_writes_the_result(client):
    region = make_region()
    result = make_result(region, title="Fjordkraft", teaser="Straum.", body="<p>Kablar.</p>")
    assert "'fjordkraft':1A" in stored_vector(result)
    # A write that bypasses the model's save() (bulk updates, imports) is kept in step too.
    ResultExample.objects.filter(pk=result.pk).update(
        title="Solkraft", body="<h3>Mål</h3><p>Panel på taket.</p>"
    )
    vector = stored_vector(result)
    assert "fjordkraft" not in vector
    assert "'solkraft':1A" in vector
    assert "'panel'" in vector
    assert hit_titles(client.get("/sok/", {"q": "panel"}), "resultat") == ["Solkraft"]
    assert hit_titles(client.get("/sok/", {"q": "fjordkraft"}), "resultat") == []


def test_a_draft_keeps_its_vector_but_is_never_found(client):
    region = make_region()
    draft = make_result(region, title="Løyndom", published=False)
    assert "'løyndom'" in stored_vector(draft)
    assert hit_titles(client.get("/sok/", {"q": "løyndom"}), "resultat") == []


def test_only_the_first_candidates_are_ranked(monkeypatch):
    """However many results match, at most CANDIDATES are ranked: the rest are never read."""
    region = make_region()
    for number in range(6):
        make_result(region, title=f"Bygg {number}", body="<p>Veggene er av massivtre.</p>")
    make_result(region, title="Massivtre", body="<p>Massivtre, massivtre.</p>")
    monkeypatch.setattr(search_postgres, "CANDIDATES", 3)
    bounded = PreparedQuery(search_postgres._results, query=str, now=datetime)
    rows = bounded.rows(query="massivtre", now=datetime.now().astimezone())
    assert len(rows) == 3
    assert "Massivtre" not in [row["title"] for row in rows]
    monkeypatch.setattr(search_postgres, "CANDIDATES", 1_000)
    unbounded = PreparedQuery(search_postgres._results, query=str, now=datetime)
    rows = unbounded.rows(query="massivtre", now=datetime.now().astimezone())
    assert len(rows) == 7
    assert rows[0]["title"] == "Massivtre"
