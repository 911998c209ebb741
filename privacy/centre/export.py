"""A member's own data, at once: everything the registry says we hold about them.

Used by the privacy centre's instant download (열람 without waiting for staff) and the consent
receipt. Reads go through the registry, so a new personal model is in the download as soon as
it is registered.
"""

from __future__ import annotations

import datetime
import io
import json
import uuid
import zipfile
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from privacy.accesslog.append import member_path
from privacy.accesslog.models import AccessLogAction, AccessLogChain, AccessLogEntry
from privacy.centre.shares import member_shares
from privacy.consents.models import ConsentRecord
from privacy.consents.policy_version import current_policy_version
from privacy.consents.purposes import CENTRE_PURPOSES, CONSENT_PURPOSES, Purpose
from privacy.keys.fields import BlindIndexField
from privacy.registry.registry import registry

ROLE_LABELS = {"consultant": "컨설턴트", "staff": "운영진", "member": "회원"}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def _rows_of(entry, member) -> models.QuerySet:
    """The member's rows of `entry`, with the related rows its many-to-many items print.

    One query per model and one per many-to-many field, whatever the number of rows. The
    related rows are fetched by primary key only: the download prints them as their names
    ("경험 #12"), so their encrypted text is neither read nor decrypted here (it is in their own
    section of the download).
    """
    model = entry.model
    path = member_path(model)
    lookup = {"pk": member.pk} if path == "" else {path: member.pk}
    queryset = model._default_manager.filter(**lookup).order_by("pk")
    if "__" in path:
        # The rows between this one and the member, for each value's binding (its subject):
        # joined here rather than fetched once per row (privacy.keys.rows.bound_subject).
        queryset = queryset.select_related(path.rsplit("__", 1)[0])
    prefetches = [
        Prefetch(f.name, queryset=f.related_model._default_manager.only("pk"))
        for f in model._meta.many_to_many
        if f.name in entry.personal_fields
    ]
    return queryset.prefetch_related(*prefetches) if prefetches else queryset


def personal_data_rows(entry, member):
    """(row, {item label: {field label: value}}) for each of the member's rows of `entry`.

    Constant in the number of rows: one query for the rows, one per many-to-many item field
    (prefetched), and the rows' data keys in one query when the first value is decrypted
    (privacy.keys.datakeys batches the keys the rows named)."""
    for obj in _rows_of(entry, member):
        row: dict[str, dict[str, Any]] = {}
        for item in entry.items:
            values = {}
            for name in item.fields:
                field = entry.model._meta.get_field(name)
                if isinstance(field, BlindIndexField):
                    continue
                label = str(field.verbose_name)
                if field.many_to_many:
                    values[label] = [str(o) for o in getattr(obj, name).all()]
                elif field.choices:
                    values[label] = getattr(obj, f"get_{name}_display")()
                else:
                    values[label] = _plain(getattr(obj, field.attname))
            row[item.label] = values
        yield obj, row


def personal_data(member) -> list[dict]:
    """[{category, model, rows: [{item label: {field label: value}}]}] in policy order."""
    sections = []
    for category in registry.ordered_categories():
        for entry in registry.entries_for(category):
            own_subject = entry.owner == "subject" and entry.model is not get_user_model()
            if not entry.owner or own_subject:
                continue  # sessions, and the retention store's own records
            rows = [row for _, row in personal_data_rows(entry, member)]
            if rows:
                sections.append(
                    {
                        "category": category.name,
                        "model": str(entry.model._meta.verbose_name),
                        "rows": rows,
                    }
                )
    return sections


def consent_history(member) -> list[dict]:
    return [
        {
            "목적": record.get_purpose_display(),
            "동의 여부": "동의" if record.granted else "거부·철회",
            "개인정보처리방침 버전": record.policy_version,
            "경로": record.get_channel_display(),
            "일시": _plain(record.recorded_at),
        }
        for record in ConsentRecord.objects.filter(member=member).order_by("recorded_at", "id")
    ]


def access_history(member, limit: int | None = None) -> list[dict]:
    """Who accessed the member's data (by role, never by staff name), when, and what.

    Found through the log's subject index (one indexed lookup, however long the log), and
    kept only where the entry's own hashed `subjects` names the member too (a filter on the
    few rows the index found): a row added to the index behind the log's back cannot put
    someone else's entry here (the verifier names it).
    """
    entries = (
        AccessLogEntry.objects.filter(
            chain=AccessLogChain.ACCESS,
            subject_rows__subject=member.pk,
            subjects__contains=f",{member.pk},",
        )
        .exclude(actor_id=member.pk)
        .only("chain", "at", "seq", "actor_role", "action", "target_type", "reason")
        .order_by("-at", "-seq")
    )
    if limit:
        entries = entries[:limit]
    out = []
    for entry in entries:
        model = _model_label(entry.target_type)
        out.append(
            {
                "누가": ROLE_LABELS.get(entry.actor_role, "운영진"),
                "언제": _plain(entry.at),
                "무엇을": f"{model} {entry.get_action_display()}".strip(),
                "사유": entry.reason_text,
            }
        )
    return out


def _model_label(target_type: str) -> str:
    from django.apps import apps

    try:
        return str(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return ""


def provision_history(member) -> list[dict]:
    """제3자 제공 내역: each share with a consultant, as the privacy centre shows it."""
    return [
        {
            "제공받는 자": share.recipient,
            "제공 항목": share.items,
            "제공 일시": _plain(share.granted_at),
            "제공 기한": _plain(share.expires_at),
            "종료 일시": _plain(share.ended_at) if share.ended_at else None,
            "종료 사유": share.ended_because,
            "열람 일시": [_plain(at) for at in share.openings],
        }
        for share in member_shares(member)
    ]


def consent_receipt(member) -> dict:
    """The member's current consents as a consent receipt, following the Kantara Initiative
    Consent Receipt Specification v1.1 fields."""
    from privacy.consents.services import current_consents

    state = current_consents(member)
    # The consultants who may see a copy now, by the name the member consented to.
    open_shares = [s for s in member_shares(member) if s.is_open]
    recipients = ", ".join(dict.fromkeys(s.recipient for s in open_shares))
    # Consent to the provision is given per share, on its own screen: the receipt states the
    # newest consent behind a share that is open now (none open: the provision-wide state).
    per_share = (
        ConsentRecord.objects.filter(
            member=member,
            purpose=Purpose.CONSULTANT_SHARING,
            granted=True,
            grant_ref__in=[s.grant_id for s in open_shares],
        )
        .order_by("-recorded_at", "-id")
        .first()
        if open_shares
        else None
    )
    purposes = []
    for info in (*CONSENT_PURPOSES, *CENTRE_PURPOSES):
        record = state.get(info.purpose)
        shared = info.purpose == Purpose.CONSULTANT_SHARING
        if shared and per_share is not None:
            record = per_share
        purposes.append(
            {
                "purpose": info.title,
                "purposeCategory": [info.use],
                "consentType": "EXPLICIT",
                "piiCategory": [info.items],
                "primaryPurpose": info.required,
                "termination": info.retention,
                "thirdPartyDisclosure": shared,
                "thirdPartyName": (recipients or "회원이 고른 컨설턴트") if shared else "",
                "consentGiven": bool(record and record.granted),
                "consentTimestamp": int(record.recorded_at.timestamp()) if record else None,
                "policyVersion": record.policy_version if record else None,
            }
        )
    return {
        "version": "KI-CR-v1.1.0",
        "jurisdiction": "KR",
        "consentTimestamp": int(timezone.now().timestamp()),
        "collectionMethod": "라이프멘토 웹 (회원가입 동의 화면, 개인정보 센터)",
        "consentReceiptID": str(uuid.uuid4()),
        "language": "ko",
        "piiPrincipalId": str(member.subject),
        "piiControllers": [
            {
                "piiController": "크루베이션 (라이프멘토)",
                "contact": settings.PRIVACY_OFFICER_NAME,
                "email": settings.PRIVACY_OFFICER_EMAIL,
                "phone": settings.PRIVACY_OFFICER_PHONE,
                "piiControllerUrl": "https://lifemento.co.kr/",
            }
        ],
        "policyUrl": "https://lifemento.co.kr/privacy/policy/",
        "policyVersion": current_policy_version(),
        "services": [{"service": "라이프멘토", "purposes": purposes}],
        "sensitive": False,
        "spiCat": [],
    }


def member_archive(member) -> bytes:
    """A ZIP: data.json (machine-readable) and 내정보.html (readable), with consent and access
    history and the consent receipt."""
    created = timezone.localtime()
    sections = personal_data(member)
    consents = consent_history(member)
    accesses = access_history(member)
    provisions = provision_history(member)
    payload = {
        "생성일시": created.isoformat(timespec="seconds"),
        "개인정보": sections,
        "동의 기록": consents,
        "접근 기록": accesses,
        "제3자 제공 내역": provisions,
        "동의 영수증": consent_receipt(member),
    }
    html = render_to_string(
        "privacy/export_summary.html",
        {
            "sections": sections,
            "consents": consents,
            "accesses": accesses,
            # The lists (items, openings) as one line each, for reading.
            "provisions": [
                {k: ", ".join(v) if isinstance(v, list) else v for k, v in share.items()}
                for share in provisions
            ],
            "created": created,
        },
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(payload, ensure_ascii=False, indent=2))
        archive.writestr("내정보.html", html)
    return buffer.getvalue()


def record_own_download(request, member, what: str) -> None:
    from privacy.accesslog.append import access_log_append, actor_from_request

    access_log_append(
        actor=actor_from_request(request),
        action=AccessLogAction.DOWNLOAD,
        subjects=[member.pk],
        target_type="privacy.centre.export",
        reason=f"정보주체 본인 {what}",
    )
