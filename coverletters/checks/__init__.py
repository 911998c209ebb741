"""The pre-submit check of a cover letter (issue 14): what would embarrass the member in front of
a company — another company's name or the old title left in an answer or a prompt, an empty
answer, an answer over its limit, leftover placeholder text.

The editor runs it as the member types, the apply confirmation and the export run it before
sending. Recruiting (which coverletters may not import) adds the partner companies' names
through `company_names_sources`.

- findings.py: `Finding` and `company_names_sources`
- names.py: Korean-aware company-name matching (particles, generic short names)
- placeholders.py: leftover placeholder text
- letter.py: `letter_findings`, the check of one letter"""

from coverletters.checks.findings import Finding, company_names_sources
from coverletters.checks.letter import UNIT_SHORT, letter_findings, limit_label, over_by

__all__ = [
    "UNIT_SHORT",
    "Finding",
    "company_names_sources",
    "letter_findings",
    "limit_label",
    "over_by",
]
