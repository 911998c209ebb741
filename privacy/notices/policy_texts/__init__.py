"""The privacy policy document, one file per version (`<version>.ko.txt`, the version being its
시행일): the policy's one home in the repository. The seed migration archives the first version
from here (notices 0002), and the registry's test holds the policy page's table to the version in
force (settings.PRIVACY_POLICY_VERSION). Later versions are published through the admin and kept
in PolicyVersion; a file is added here only for a version the code is changed to keep.
"""

from pathlib import Path

DIRECTORY = Path(__file__).resolve().parent


def policy_text(version: str) -> str:
    """The policy's text as published for `version`, e.g. "2024-06-20"."""
    return (DIRECTORY / f"{version}.ko.txt").read_text(encoding="utf-8")
