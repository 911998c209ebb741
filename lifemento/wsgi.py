import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifemento.settings")

application = get_wsgi_application()

# Refuse to serve with a wrong or missing key (privacy.keys.keyguard): gunicorn runs no system
# checks, and a wrong key would make every personal page fail.
from privacy.keys.keyguard import check_keys_at_process_start  # noqa: E402

check_keys_at_process_start()
