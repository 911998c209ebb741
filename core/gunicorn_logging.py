"""gunicorn's access log without the secrets some URLs carry (gunicorn.conf.py names it).

A calendar app subscribes to a member's feed by its address, so the feed's token is in the path
(/recruiting/calendar/feed/<token>.ics) and would be written, on every refresh, into the web
server's access log, which is kept, copied and read by more people than the database. Kakao's
sign-in callback carries a one-time `code` and `state` in its query. These are replaced by
"[redacted]" before a line is formatted; everything else gunicorn logs is unchanged.
"""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

REDACTED = "[redacted]"
_FEED_TOKEN = re.compile(r"(/calendar/feed/)[^/?#\s]+(\.ics)")
_SECRET_PARAMS = re.compile(r"(?<=[?&])(code|state|token)=[^&#\s]*")
# The atoms that hold the path or the query (gunicorn.glogging.Logger.atoms).
_URL_ATOMS = ("r", "U", "q", "f", "{raw_uri}e", "{path_info}e", "{query_string}e")


def redact(text: str) -> str:
    text = _FEED_TOKEN.sub(rf"\g<1>{REDACTED}\g<2>", text)
    text = _SECRET_PARAMS.sub(lambda m: f"{m.group(1)}={REDACTED}", text)
    if text.startswith(("code=", "state=", "token=")):  # a bare query string (atom "q")
        text = _SECRET_PARAMS.sub(lambda m: f"{m.group(1)}={REDACTED}", "?" + text)[1:]
    return text


class AccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in _URL_ATOMS:
            value = atoms.get(key)
            if isinstance(value, str):
                atoms[key] = redact(value)
        return atoms
