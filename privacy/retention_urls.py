"""URLs of the privacy officer's retention screens."""

urlpatterns: list = []
