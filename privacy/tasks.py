"""The privacy app's daily jobs live in its parts; core.jobs.load_jobs finds them here."""

import privacy.accesslog.tasks
import privacy.audit.tasks
import privacy.rights.tasks  # noqa: F401
