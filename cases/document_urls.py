"""URLs of the documents on a case (included in cases/urls.py under /casussen/)."""

from django.urls import path

from .views import documents as views
from .views import letters

urlpatterns: list = [
    path("<str:reference>/documenten/nieuw/", views.document_add, name="document_add"),
    path("<str:reference>/documenten/brief/", letters.letter_add, name="letter_add"),
    path("<str:reference>/documenten/<int:document_id>/", views.document_detail, name="document_detail"),
    path(
        "<str:reference>/documenten/<int:document_id>/nieuwe-versie/",
        views.document_version_add,
        name="document_version_add",
    ),
    path(
        "<str:reference>/documenten/<int:document_id>/versies/<int:number>/download/",
        views.document_download,
        name="document_download",
    ),
]
