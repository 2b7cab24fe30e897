from django.urls import path

from .document_urls import urlpatterns as document_urls
from .lifecycle_urls import urlpatterns as lifecycle_urls
from .meeting_urls import urlpatterns as meeting_urls
from .plan_urls import urlpatterns as plan_urls
from .views import case as views
from .views import confirmations as confirm
from .views import handover as team_views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("nieuw/", views.case_create, name="create"),
    # Fixed paths before "<str:reference>/": no case reference looks like these.
    path("overdragen/", team_views.handover, name="handover"),
    path("team/", team_views.team, name="team"),
    path("zoekopdrachten/<str:key>/verwijderen/", views.saved_filter_delete, name="saved_filter_delete"),
    path("vervanging/", team_views.deputies, name="deputies"),
    path("vervanging/<int:deputyship_id>/beeindigen/", team_views.deputy_end, name="deputy_end"),
    path("<str:reference>/", views.case_detail, name="detail"),
    path("<str:reference>/bewerken/", views.case_edit, name="edit"),
    path("<str:reference>/fase/", views.case_phase, name="phase"),
    path("<str:reference>/ave/", views.case_ave, name="ave"),
    path("<str:reference>/notities/", views.note_add, name="note_add"),
    path("<str:reference>/knelpunten/", views.bottleneck_add, name="bottleneck_add"),
    path("<str:reference>/betrokkenen/nieuw/", views.person_add, name="person_add"),
    path("<str:reference>/betrokkenen/<int:person_id>/", views.person_edit, name="person_edit"),
    path("<str:reference>/partners/nieuw/", views.participant_add, name="participant_add"),
    path("<str:reference>/partners/<int:participant_id>/vertrek/", confirm.participant_leave, name="participant_leave"),
    path("<str:reference>/professionals/<int:seat_id>/vertrek/", confirm.professional_leave, name="professional_leave"),
    *plan_urls,
    *meeting_urls,
    *lifecycle_urls,
    *document_urls,
]
