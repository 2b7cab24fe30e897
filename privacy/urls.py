from django.urls import path

from . import views
from .retention_urls import urlpatterns as retention_urls
from .subject_access_urls import urlpatterns as subject_access_urls

app_name = "privacy"

urlpatterns = [
    path("toegangslog/", views.access_log, name="access_log"),
    *retention_urls,
    *subject_access_urls,
]
