"""URLs of the privacy officer's subject_access screens."""

urlpatterns: list = []
