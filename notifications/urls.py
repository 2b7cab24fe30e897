from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("herinneringen/", views.reminders, name="reminders"),
    path("herinneringen/<int:reminder_id>/afgehandeld/", views.dismiss, name="dismiss"),
    path("herinneringen/casus/<str:reference>/", views.mute, name="mute"),
    path("achtergrondtaken/", views.schedule, name="schedule"),
]
