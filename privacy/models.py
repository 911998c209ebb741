"""The privacy app's models live in its parts; Django loads them from here (label "privacy")."""

import privacy.accesslog.models
import privacy.audit.models
import privacy.consents.models
import privacy.keys.models
import privacy.rights.models
import privacy.sharing.models
import privacy.staff.models  # noqa: F401
