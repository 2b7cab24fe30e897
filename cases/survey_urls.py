from django.urls import path

from .views import survey as views

app_name = "survey"

urlpatterns = [
    path("bedankt/", views.thanks, name="thanks"),
    path("<str:token>/", views.respond, name="respond"),
]
