"""Queries compiled once per process and run again with new parameter values.

Compiling a queryset with subqueries (the result cards' goals, themes and first image) costs
more than running it. A hot page whose queries keep their shape can compile each once: the
queryset is built with placeholder values, its SQL kept, and each run binds the real values in
the placeholders' places, then converts the rows as the ORM would (the same compiler's
converters). The SQL is the ORM's own, so it follows the models.
"""

from datetime import UTC, datetime

from django.db import connections

# Placeholder values no real query uses; each marks where one parameter goes.
_BASE_DATETIME = datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)


def placeholder(kind, index=0):
    """Return a distinctive value of `kind` (int, str or datetime) for parameter number `index`."""
    if kind is int:
        return -987_654_321 - index
    if kind is str:
        return f"\x1eprepared-{index}\x1e"
    if kind is datetime:
        return _BASE_DATETIME.replace(microsecond=index + 1)
    raise TypeError(f"no placeholder for {kind!r}")


class PreparedQuery:
    """A values() or values_list() queryset compiled once, run with keyword parameters.

    `build(**placeholders)` makes the queryset; `kinds` names each parameter's type. Each
    placeholder must reach the SQL as a parameter of its own (a filter value), which is checked
    when the query is first prepared.
    """

    def __init__(self, build, **kinds):
        self.build = build
        self.kinds = kinds
        self._prepared = {}

    def _prepare(self, alias):
        connection = connections[alias]
        values = {name: placeholder(kind, i) for i, (name, kind) in enumerate(self.kinds.items())}
        queryset = self.build(**values).using(alias)
        compiler = queryset.query.get_compiler(alias)
        sql, params = compiler.as_sql()
        adapted = {name: self._adapted(connection, value) for name, value in values.items()}
        slots = {}
        for position, param in enumerate(params):
            for name, forms in adapted.items():
                if param in forms:
                    slots[position] = name
        missing = set(values) - set(slots.values())
        if missing:
            raise ValueError(f"the parameters {sorted(missing)} do not reach the SQL on their own")
        names = list(queryset.query.values_select) + list(queryset.query.annotation_select)
        prepared = (sql, list(params), slots, compiler, names, queryset._iterable_class)
        self._prepared[alias] = prepared
        return prepared

    @staticmethod
    def _adapted(connection, value):
        forms = [value]
        if isinstance(value, datetime):
            forms.append(connection.ops.adapt_datetimefield_value(value))
        return forms

    def rows(self, using="default", **values):
        """Return the rows as dicts, one per row, with the ORM's conversions."""
        sql, params, slots, compiler, names, _iterable = self._prepared.get(using) or self._prepare(
            using
        )
        connection = connections[using]
        bound = list(params)
        for position, name in slots.items():
            value = values[name]
            if isinstance(value, datetime):
                value = connection.ops.adapt_datetimefield_value(value)
            bound[position] = value
        with connection.cursor() as cursor:
            cursor.execute(sql, bound)
            raw = cursor.fetchall()
        converted = compiler.results_iter(results=[raw])
        return [dict(zip(names, row, strict=True)) for row in converted]
