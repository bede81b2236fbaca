"""SQL aggregates Django has no portable form of, for PostgreSQL and SQLite alike."""

from django.db.models import Aggregate, TextField

# Joins values that may themselves hold commas (a theme's name): the ASCII unit separator.
SEPARATOR = "\x1f"


class JoinedText(Aggregate):
    """The group's values as text joined by SEPARATOR, in no particular order.

    string_agg on PostgreSQL, group_concat on SQLite; split with `split_joined`.
    """

    function = "GROUP_CONCAT"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="%(function)s(%(expressions)s, char(31))",
            **extra_context,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s((%(expressions)s)::text, chr(31))",
            **extra_context,
        )


def split_joined(value):
    """Return the values JoinedText joined, as a list (empty for none)."""
    return value.split(SEPARATOR) if value else []
