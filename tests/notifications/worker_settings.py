"""Settings of the real Celery worker the integration tests start in a subprocess: the test
settings, against the test database (DATABASE_URL), not eager, e-mail written to files so the
test can count what was sent, and a queue of its own so other test runs on the same Redis never
take (or give) its work."""

import os

from zvh.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["ZVH_TEST_MAIL_DIR"]
NOTIFICATIONS_QUEUE = os.environ["NOTIFICATIONS_QUEUE"]
CELERY_TASK_DEFAULT_QUEUE = NOTIFICATIONS_QUEUE
