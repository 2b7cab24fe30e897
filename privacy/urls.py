from django.urls import path

from . import views
from .retention_urls import urlpatterns as retention_urls
from .subject_access_urls import urlpatterns as subject_access_urls

app_name = "privacy"

urlpatterns = [
    path("toegangslog/", views.access_log, name="access_log"),
    path("toegangslog/export/", views.access_log_export, name="access_log_export"),
    path("doorbraak/", views.break_glass_start, name="break_glass_start"),
    path("doorbraak/<int:break_glass_id>/beeindigen/", views.break_glass_end, name="break_glass_end"),
    path("doorbraken/", views.break_glass_list, name="break_glass_list"),
    path("doorbraken/<int:break_glass_id>/", views.break_glass_review, name="break_glass_review"),
    *retention_urls,
    *subject_access_urls,
]
