"""Dev-only pages (zvh/urls.py includes them only when the demo app is installed)."""

from django.urls import path

from . import views

app_name = "demo"

urlpatterns = [
    path("", views.mail_list, name="mail_list"),
    path("<str:file_name>/<int:index>/", views.mail_detail, name="mail_detail"),
]
