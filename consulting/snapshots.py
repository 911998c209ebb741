"""What a member chooses to share, and the snapshot it becomes.

A `Selection` names things the way the member chose them on the sharing screen: profile items
by the policy's labels, cover letters and experiences by id. `take_snapshot` copies exactly
those, as they are at that moment, into SnapshotItem rows under the member's key; the
consultant later reads the copy through privacy's `shared_view` and never the member's own
rows. The member's own data is read here as its owner reads it (their request), so no access
is logged: the provision happens when the consultant opens the copy, and that is logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone

from consulting.models import Engagement, Snapshot, SnapshotItem, SnapshotItemKind
from coverletters.models import CoverLetter, Question
from experiences.models import Experience
from profiles.models import Profile

# The profile's items a member may share, in the policy's words and the order it lists them.
PROFILE_ITEMS: tuple[str, ...] = (
    "이름",
    "희망 직무",
    "생년월일",
    "학력",
    "경력",
    "희망 산업",
    "현재 상황 및 고민",
)
_PROFILE_FIELDS = {
    "이름": "name",
    "희망 직무": "desired_job",
    "생년월일": "birth_date",
    "희망 산업": "desired_industry",
    "현재 상황 및 고민": "situation",
}


class SelectionInvalid(ValueError):
    """The selection names something that is not the member's, or nothing at all."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Selection:
    profile: tuple[str, ...] = ()
    cover_letters: tuple[int, ...] = ()
    experiences: tuple[int, ...] = ()

    def as_dict(self) -> dict:
        return {
            "profile": list(self.profile),
            "cover_letters": list(self.cover_letters),
            "experiences": list(self.experiences),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Selection:
        return cls(
            profile=tuple(data.get("profile", ())),
            cover_letters=tuple(int(i) for i in data.get("cover_letters", ())),
            experiences=tuple(int(i) for i in data.get("experiences", ())),
        )

    def __bool__(self) -> bool:
        return bool(self.profile or self.cover_letters or self.experiences)


@dataclass
class Chosen:
    """The member's rows a selection names, loaded once (for the consent screen's list of
    exact items and for the snapshot)."""

    profile: Profile | None
    profile_items: tuple[str, ...]
    cover_letters: list[CoverLetter] = field(default_factory=list)
    experiences: list[Experience] = field(default_factory=list)
    note: str = ""  # the member's request note: shared with the consultant like the rest

    def described(self) -> list[str]:
        """The exact items, as the consent screen lists them (and the ledger keeps them)."""
        out = ["요청 내용 (직접 쓴 메모)"] if self.note else []
        out += [f"본인 프로필: {label}" for label in self.profile_items]
        out += [f"자기소개서: {letter.title}" for letter in self.cover_letters]
        out += [f"경험: {experience.title}" for experience in self.experiences]
        return out


def load(member, selection: Selection, note: str = "") -> Chosen:
    """The member's rows the selection names (and the request note, which the consultant
    reads with them); SelectionInvalid for anything else."""
    unknown = [label for label in selection.profile if label not in PROFILE_ITEMS]
    if unknown:
        raise SelectionInvalid("공유할 수 없는 프로필 항목이에요.")
    profile = None
    if selection.profile:
        profile = (
            Profile.objects.filter(member=member).prefetch_related("educations", "careers").first()
        )
        if profile is None:
            raise SelectionInvalid("프로필을 먼저 작성해 주세요.")
    letters = list(
        CoverLetter.objects.filter(member=member, pk__in=selection.cover_letters).prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("position", "id"))
        )
    )
    experiences = list(Experience.objects.filter(member=member, pk__in=selection.experiences))
    if len(letters) != len(set(selection.cover_letters)) or len(experiences) != len(
        set(selection.experiences)
    ):
        raise SelectionInvalid("공유할 수 없는 자기소개서나 경험이 있어요. 다시 골라 주세요.")
    order = {pk: i for i, pk in enumerate(selection.cover_letters)}
    letters.sort(key=lambda letter: order[letter.pk])
    order = {pk: i for i, pk in enumerate(selection.experiences)}
    experiences.sort(key=lambda experience: order[experience.pk])
    profile_items = tuple(label for label in PROFILE_ITEMS if label in selection.profile)
    return Chosen(profile, profile_items, letters, experiences, note=(note or "").strip())


def _profile_rows(profile: Profile, label: str) -> list[tuple[str, str, dict]]:
    """(title, body, extra) of one profile item."""
    if label == "학력":
        return [
            (
                e.school,
                e.major,
                {
                    "status": e.get_status_display(),
                    "start": e.start_date.isoformat() if e.start_date else "",
                    "end": e.end_date.isoformat() if e.end_date else "",
                },
            )
            for e in profile.educations.all()
        ]
    if label == "경력":
        return [
            (
                c.company,
                c.description,
                {
                    "role": c.role,
                    "start": c.start_date.isoformat() if c.start_date else "",
                    "end": c.end_date.isoformat() if c.end_date else "",
                    "is_current": c.is_current,
                },
            )
            for c in profile.careers.all()
        ]
    value = getattr(profile, _PROFILE_FIELDS[label])
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    return [(label, value or "", {})]


def items_for(chosen: Chosen) -> list[SnapshotItem]:
    """Unsaved SnapshotItem rows for everything chosen, in the order the consultant reads it."""
    rows: list[SnapshotItem] = []

    def add(kind, title, body="", extra=None, source_id=None, group=0):
        rows.append(
            SnapshotItem(
                position=len(rows),
                kind=kind,
                title=title,
                body=body,
                extra=extra or {},
                source_id=source_id,
                group=group,
            )
        )

    if chosen.note:
        add(SnapshotItemKind.NOTE, "요청 내용", chosen.note)
    for label in chosen.profile_items:
        for title, body, extra in _profile_rows(chosen.profile, label):
            add(SnapshotItemKind.PROFILE, title, body, {"item": label, **extra})
    for letter in chosen.cover_letters:
        group = len(rows) + 1
        add(
            SnapshotItemKind.COVER_LETTER,
            letter.title,
            extra={"company": letter.company, "job_title": letter.job_title},
            source_id=letter.pk,
            group=group,
        )
        for question in letter.questions.all():
            add(
                SnapshotItemKind.QUESTION,
                question.prompt,
                question.answer,
                {
                    "limit": question.limit,
                    "limit_unit": question.limit_unit,
                    "revision": question.revision,
                },
                source_id=question.pk,
                group=group,
            )
    for experience in chosen.experiences:
        add(
            SnapshotItemKind.EXPERIENCE,
            experience.title,
            experience.details,
            {
                "kind": experience.get_kind_display(),
                "summary": experience.summary,
                "situation": experience.star_situation,
                "task": experience.star_task,
                "action": experience.star_action,
                "result": experience.star_result,
            },
            source_id=experience.pk,
        )
    return rows


@transaction.atomic
def take_snapshot(engagement: Engagement, chosen: Chosen, selection: Selection, *, now=None):
    """A new numbered snapshot of what was chosen, for `engagement`."""
    now = now or timezone.now()
    # Numbered under the engagement's lock: two shares at once never take the same number.
    list(Engagement.objects.select_for_update().filter(pk=engagement.pk).values_list("pk"))
    last = Snapshot.objects.filter(engagement=engagement).aggregate(n=Max("number"))["n"]
    snapshot = Snapshot.objects.create(
        engagement=engagement,
        number=(last or 0) + 1,
        taken_at=now,
        selection=selection.as_dict(),
    )
    rows = items_for(chosen)
    for row in rows:
        row.snapshot = snapshot
        row.save()
    return snapshot
