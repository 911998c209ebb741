"""Masking of members' personal data on staff screens.

Staff see members' data masked by default (010-****-1357, 김**); the plaintext is shown only
through an explicit reveal that is written to the access log with its reason
(privacy.staff.mixins). Values arrive decrypted from the ORM, so masking happens in Python.
"""

from __future__ import annotations

import datetime
import re

MASKED_DATE = "****-**-**"
TEXT_VISIBLE_CHARS = 5

_PHONE_SEPARATORS = re.compile(r"[\s.\-]+")


def mask_phone(value: str | None) -> str:
    """010-2846-1357 → 010-****-1357: the carrier prefix and the last four digits stay, which
    is what a caller needs to recognise a number and nothing more."""
    if not value:
        return ""
    text = str(value).strip()
    groups = [g for g in _PHONE_SEPARATORS.split(text) if g]
    if len(groups) >= 3:
        middle = ["*" * len(g) for g in groups[1:-1]]
        return "-".join([groups[0], *middle, groups[-1]])
    digits = re.sub(r"\D", "", text)
    if len(digits) >= 10:  # 01028461357, 0212345678
        return f"{digits[:3]}-{'*' * (len(digits) - 7)}-{digits[-4:]}"
    if len(digits) > 4:
        return "*" * (len(digits) - 4) + digits[-4:]
    return "*" * len(text)


def mask_name(value: str | None) -> str:
    """독고진 → 독**: the first character and one asterisk per remaining character."""
    if not value:
        return ""
    text = str(value).strip()
    if len(text) <= 1:
        return "*"
    return text[0] + "*" * (len(text) - 1)


def mask_text(value: str | None, visible: int = TEXT_VISIBLE_CHARS) -> str:
    """Free text → its first few characters and its length: "삼성전자 인…(120자)".

    At most a third of the text is ever shown, so a short value (a school, a job title) is
    not shown almost whole.
    """
    if value is None:
        return ""
    text = str(value)
    if not text:
        return ""
    shown = text[: min(visible, len(text) // 3)]
    return f"{shown}…({len(text)}자)"


def mask_date(value: datetime.date | None) -> str:
    return MASKED_DATE if value else ""


def mask_value(field_name: str, value: object, display: str | None = None) -> str:
    """Mask any personal field value; `display` is the human form (a choice's label).

    Dispatch is by value type and field name rather than field class, because encrypted
    fields (privacy.keys.fields) store every type as text and come back as the Python type.
    """
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return "***"
    if isinstance(value, datetime.date):  # dates and datetimes
        return mask_date(value)
    if isinstance(value, list | tuple | dict):
        return f"…({len(value)}개)"
    text = display if display is not None else str(value)
    if "phone" in field_name:
        return mask_phone(text)
    if field_name == "name" or field_name.endswith("_name"):
        return mask_name(text)
    return mask_text(text)
