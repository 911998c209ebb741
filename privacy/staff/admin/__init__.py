"""The officer's screens for the internal management plan and the people who handle personal
data. None of these shows members' data, so none asks staff_access_check: a superuser can
always open them, which is how the first officer is designated and how nobody is locked out.
Who may change them is narrower: superusers and the designated 개인정보 보호책임자."""

import privacy.staff.admin.designations
import privacy.staff.admin.plan  # noqa: F401
