"""The member's per-kind notification settings (issue 13; to be built)."""


def kind_enabled(member, kind: str) -> bool:
    return True
