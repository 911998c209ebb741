"""Names for the few statements written in SQL on a hot path (decision 0027): a table or a
column as the model names it, quoted for the database in use. Values never go into the text:
they are parameters."""

from django.db import connection


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def column(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)
