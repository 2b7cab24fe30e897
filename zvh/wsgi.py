import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zvh.settings.production")

application = get_wsgi_application()

# Ready before the first request: views imported, templates compiled, broker connection set up.
# Best-effort: whatever goes wrong there, the worker starts and serves as it would have without.
from zvh.warmup import warm_up_worker  # noqa: E402 - needs the configured Django above

try:
    warm_up_worker()
except Exception:  # noqa: BLE001
    logging.getLogger("zvh.warmup").exception("Voorbereiden van de worker mislukt; hij start zonder")
