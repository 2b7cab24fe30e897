"""A person's own API token (for scripts). Partner applications are the OAuth2 applications of
django-oauth-toolkit (oauth2_provider.Application), each owned by a service account of its
organisation (api/services.py:register_partner_application)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from zvh.data_retention import DataRetention, Keep, NotPersonal

# Tokens belong to a professional's own account, not to a case's subjects.
OWN_TOKEN = Keep("eigen token van een professional, geen betrokkene")


class PersonalToken(models.Model):
    """Only the SHA-256 of the token is stored: the token itself is shown once, when made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="gebruiker", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("omschrijving", max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField("begin van het token", max_length=16, editable=False)
    scopes = models.CharField("scopes", max_length=200)
    created_at = models.DateTimeField("gemaakt op", default=timezone.now)
    expires_at = models.DateTimeField("verloopt op")
    revoked_at = models.DateTimeField("ingetrokken op", null=True, blank=True)
    last_used_at = models.DateTimeField("laatst gebruikt", null=True, blank=True)

    data_retention = DataRetention(
        name=OWN_TOKEN,
        token_hash=NotPersonal("SHA-256 van een willekeurig token"),
        prefix=NotPersonal("begin van een willekeurig token"),
        scopes=NotPersonal("scope-namen (codes)"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "persoonlijk API-token"
        verbose_name_plural = "persoonlijke API-tokens"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now and self.user.is_active
