"""The privacy policy document, one file per version (`<version>.ko.txt`, the version being its
시행일): the policy's one home in the repository. The seed migrations archive the versions from
here (notices 0002–0005; the first is the source document word for word) and notices 0007 gives
each its snapshot of the page's tables; tests hold those tables, and the registry's code, to the
tables each text prints (tests/privacy/notices/test_policy_drift.py). Later versions are drafted,
previewed and published through the admin and kept in PolicyVersion; a file is added here only
for a version the code is changed to keep.
"""

from pathlib import Path

DIRECTORY = Path(__file__).resolve().parent


def policy_text(version: str) -> str:
    """The policy's text as published for `version`, e.g. "2024-06-20"."""
    return (DIRECTORY / f"{version}.ko.txt").read_text(encoding="utf-8")
