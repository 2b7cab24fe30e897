"""URLs of the case meeting screens (included in cases/urls.py under /casussen/)."""

urlpatterns: list = []
