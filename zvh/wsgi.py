import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zvh.settings.production")

application = get_wsgi_application()

# Ready before the first request: views imported, templates compiled, broker connection set up.
from zvh.warmup import warm_up_worker  # noqa: E402 - needs the configured Django above

warm_up_worker()
