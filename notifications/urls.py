from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("herinneringen/", views.reminders, name="reminders"),
    path("herinneringen/<int:reminder_id>/afgehandeld/", views.dismiss, name="dismiss"),
    path("herinneringen/casus/<str:reference>/", views.mute, name="mute"),
    path("herinneringen/berichten/", views.messages_list, name="messages"),
    path("herinneringen/berichten/<int:message_id>/gelezen/", views.mark_read, name="mark_read"),
    path("herinneringen/berichten/alles-gelezen/", views.mark_all_read, name="mark_all_read"),
    path("herinneringen/instellingen/", views.preferences, name="preferences"),
    path("achtergrondtaken/", views.schedule, name="schedule"),
]
