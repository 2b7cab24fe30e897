"""URLs of the case plan screens (included in cases/urls.py under /casussen/)."""

urlpatterns: list = []
