"""Spreadsheet exports of staff screens (the access log, the destruction ledger): the one place
that writes a CSV file, so that every cell of every export is neutralised the same way.

A spreadsheet program runs a cell that starts like a formula (=, +, -, @) and, in some
programs, one that starts with a tab or a carriage return followed by a formula (CSV
injection): such a cell is written with a leading apostrophe, which shows the text as typed.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """One cell: None as empty, a datetime in local time (ISO 8601), a cell that a spreadsheet
    would run as a formula prefixed with an apostrophe."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).isoformat()
    elif isinstance(value, datetime.date):
        value = value.isoformat()
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_LEADS) else text


def csv_response(filename: str, header: Iterable[object], rows: Iterable[Iterable[object]]):
    """A CSV download: every cell through csv_cell, a BOM so that spreadsheet programs read the
    Korean as UTF-8, and no copy kept in the browser's cache."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([csv_cell(v) for v in header])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return response
