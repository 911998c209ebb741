import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifemento.settings")

application = get_wsgi_application()

# Refuse to serve with a wrong or missing key (privacy.keyguard): gunicorn runs no system
# checks, and a wrong key would make every personal page fail.
from privacy.keyguard import refuse_to_start_with_bad_keys  # noqa: E402

refuse_to_start_with_bad_keys()
