"""Reads of a member's experience bank.

Filtering, search and sorting run in Python over the member's experiences, loaded in one query:
the text fields will be encrypted at rest, so the database cannot search them, and a member
keeps at most a few hundred entries.
"""

from collections import Counter
from collections.abc import Iterable

from accounts.models import User
from experiences.models import Experience, ExperienceKind, search_key

SORTS = {"recent": "최신순", "oldest": "오래된순"}
# The long texts: the list neither shows nor counts them, only a search reads them.
LONG_TEXTS = ("details", "star_situation", "star_task", "star_action", "star_result")
# Nor does it show when an entry was written or changed: two timestamps a row that cost a fifth
# of loading it (issue 16).
LIST_UNSHOWN = (*LONG_TEXTS, "created_at", "updated_at")


def experience_list(
    member: User,
    *,
    kind: str | None = None,
    tag: str | None = None,
    q: str | None = None,
    sort: str = "recent",
    texts: bool = True,
) -> list[Experience]:
    """The member's own experiences, filtered by kind and tag, searched, sorted by start date.

    `texts=False` leaves the long texts and the timestamps (LIST_UNSHOWN) unread unless `q`
    searches them: for a page that shows only titles, summaries, tags and dates.
    """
    experiences = Experience.objects.filter(member=member).order_by()
    if not texts and not q:
        experiences = experiences.defer(*LIST_UNSHOWN)
    experiences = list(experiences)
    return experience_filter(experiences, kind=kind, tag=tag, q=q, sort=sort)


def experience_count(member: User) -> int:
    return Experience.objects.filter(member=member).count()


def experience_filter(
    experiences: Iterable[Experience],
    *,
    kind: str | None = None,
    tag: str | None = None,
    q: str | None = None,
    sort: str = "recent",
) -> list[Experience]:
    """Filter already loaded experiences; lets a page filter and count from one query.

    The search splits `q` on spaces and keeps an experience only when every word is found
    (case-insensitive, any part of a word: "리더" finds "리더십").
    """
    found = list(experiences)
    if kind:
        found = [e for e in found if e.kind == kind]
    if tag:
        wanted = search_key(tag.strip())
        found = [e for e in found if wanted in {search_key(t) for t in e.tags}]
    words = search_key(q).split() if q else []
    if words:
        found = [e for e in found if _contains_all(e.search_text(), words)]
    return _sorted(found, newest_first=sort != "oldest")


def _contains_all(text: str, words: list[str]) -> bool:
    return all(word in text for word in words)


def _sorted(experiences: list[Experience], *, newest_first: bool) -> list[Experience]:
    # By start date; entries without one go last in either order. Ties by id, in the same
    # direction, so "최신순" shows the most recently written first.
    dated = sorted(
        (e for e in experiences if e.start_date),
        key=lambda e: (e.start_date, e.pk),
        reverse=newest_first,
    )
    undated = sorted(
        (e for e in experiences if not e.start_date), key=lambda e: e.pk, reverse=newest_first
    )
    return dated + undated


def experience_kind_counts(
    experiences: Iterable[Experience], *, selected: str | None = None
) -> list[tuple[str, str, int]]:
    """(value, label, count) for each kind the member has used, in the kinds' own order.

    The selected kind is listed even at 0 (a bookmarked filter), so the page never looks
    unfiltered while showing nothing.
    """
    counts = Counter(e.kind for e in experiences)
    return [
        (k.value, k.label, counts[k.value])
        for k in ExperienceKind
        if counts[k.value] or k.value == selected
    ]


def experience_tag_counts(
    experiences: Iterable[Experience], *, selected: str | None = None
) -> list[tuple[str, int, bool]]:
    """(tag, count, is_selected) for each tag the member has used, in 가나다 order. "SQL" and
    "sql" are one tag, shown as first written; the selected tag is listed even at 0."""
    spelling: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for experience in experiences:
        for tag in experience.tags:
            key = search_key(tag)
            spelling.setdefault(key, tag)
            counts[key] += 1
    selected_key = search_key(selected.strip()) if selected else None
    if selected_key and selected_key not in counts:
        spelling[selected_key] = selected
        counts[selected_key] = 0
    return [(spelling[key], counts[key], key == selected_key) for key in sorted(counts)]
