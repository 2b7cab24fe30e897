"""The privacy officer's and break-glass screens, one `privacy` namespace over the feature packages.
This module is wiring: it is the one place in the privacy app that imports its feature packages."""

from .access_log.urls import urlpatterns as access_log_urls
from .break_glass.urls import urlpatterns as break_glass_urls
from .grant_audit.urls import urlpatterns as grant_audit_urls
from .retention.urls import urlpatterns as retention_urls
from .subject_access.urls import urlpatterns as subject_access_urls

app_name = "privacy"

urlpatterns = [*access_log_urls, *break_glass_urls, *grant_audit_urls, *retention_urls, *subject_access_urls]
