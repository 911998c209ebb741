"""The privacy policy document, one file per version (`<version>.ko.txt`, the version being its
시행일): the policy's one home in the repository. Each text is in the page's document format
(privacy.notices.document) and is the page members read for that version, word for word: the
seed migrations archive the versions from here (notices 0002–0005, and 0008, which moved the
seeded texts to this format with the words their pages showed), and notices 0007 gives each
its snapshot of the page's tables.

The texts place the tables with markers ([[표:수집항목]] …); the tables each version's document
printed are kept beside it (`<version>.tables.txt`), and tests hold the snapshots and the
registry's code to them (tests/privacy/notices/test_policy_drift.py). Later versions are
drafted, previewed and published through the admin and kept in PolicyVersion; a file is added
here only for a version the code is changed to keep.
"""

from pathlib import Path

DIRECTORY = Path(__file__).resolve().parent


def policy_text(version: str) -> str:
    """The policy's text as published for `version`, e.g. "2024-06-20"."""
    return (DIRECTORY / f"{version}.ko.txt").read_text(encoding="utf-8")


def policy_document_tables(version: str) -> str:
    """The tables `version`'s document printed (`a | b | c | d |` rows, a header then `---`)."""
    return (DIRECTORY / f"{version}.tables.txt").read_text(encoding="utf-8")
