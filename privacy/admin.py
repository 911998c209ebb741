"""The privacy app's admin screens live in its parts; the admin's autodiscovery finds them here."""

import privacy.accesslog.admin
import privacy.audit.admin
import privacy.rights.admin
import privacy.staff.admin  # noqa: F401
