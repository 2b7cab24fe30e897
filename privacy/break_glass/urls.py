"""URLs of break-glass (included by privacy/urls.py under the `privacy` namespace)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("doorbraak/", views.break_glass_start, name="break_glass_start"),
    path("doorbraak/<int:break_glass_id>/beeindigen/", views.break_glass_end, name="break_glass_end"),
    path("doorbraken/", views.break_glass_list, name="break_glass_list"),
    path("doorbraken/<int:break_glass_id>/", views.break_glass_review, name="break_glass_review"),
]
