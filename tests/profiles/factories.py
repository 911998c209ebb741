"""Profile builders, and the edit page's POST data shaped as the browser sends it."""

import datetime

from profiles.models import Career, Education, EducationStatus, Profile


def make_profile(member, **fields) -> Profile:
    fields = {"name": member.name, "desired_job": "서비스 기획(PM·PO)", **fields}
    return Profile.objects.create(member=member, **fields)


def add_education(profile, position=0, **fields) -> Education:
    fields = {
        "school": "한국대학교",
        "major": "경영학",
        "status": EducationStatus.GRADUATED,
        "start_date": datetime.date(2018, 3, 1),
        "end_date": datetime.date(2024, 2, 1),
        **fields,
    }
    return Education.objects.create(profile=profile, position=position, **fields)


def add_career(profile, position=0, **fields) -> Career:
    fields = {"company": "라이프컴퍼니", "role": "마케팅 인턴", **fields}
    return Career.objects.create(profile=profile, position=position, **fields)


def form_data(*, profile=None, educations=(), careers=(), **fields) -> dict:
    """POST data for /profile/edit/. `educations`/`careers` are row dicts; a row with an "id"
    is an existing entry (counted in INITIAL_FORMS, which must come first)."""
    data = {
        "name": "김지원",
        "desired_job": "마케팅",
        "desired_industry": "",
        "birth_date": "",
        "situation": "",
        **fields,
    }
    for prefix, rows, keys in (
        ("educations", educations, ("school", "major", "status", "start_date", "end_date")),
        ("careers", careers, ("company", "role", "start_date", "end_date", "description")),
    ):
        initial = sum(1 for row in rows if row.get("id"))
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(initial)
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "20"
        for i, row in enumerate(rows):
            for key in (*keys, "id"):
                data[f"{prefix}-{i}-{key}"] = row.get(key, "")
            for flag in ("is_current", "DELETE"):
                if row.get(flag):
                    data[f"{prefix}-{i}-{flag}"] = "on"
            if profile is not None:
                data[f"{prefix}-{i}-profile"] = str(profile.pk)
    return data


def education_row(entry=None, **fields) -> dict:
    row = {
        "school": "한국대학교",
        "major": "경영학",
        "status": "graduated",
        "start_date": "2018-03",
        "end_date": "2024-02",
    }
    if entry is not None:
        row = {
            "id": str(entry.pk),
            "school": entry.school,
            "major": entry.major,
            "status": entry.status,
            "start_date": entry.start_date.strftime("%Y-%m") if entry.start_date else "",
            "end_date": entry.end_date.strftime("%Y-%m") if entry.end_date else "",
        }
    return {**row, **fields}


def career_row(entry=None, **fields) -> dict:
    row = {"company": "라이프컴퍼니", "role": "마케팅 인턴", "start_date": "2023-07"}
    if entry is not None:
        row = {
            "id": str(entry.pk),
            "company": entry.company,
            "role": entry.role,
            "start_date": entry.start_date.strftime("%Y-%m") if entry.start_date else "",
            "end_date": entry.end_date.strftime("%Y-%m") if entry.end_date else "",
            "description": entry.description,
            "is_current": entry.is_current,
        }
    return {**row, **fields}
