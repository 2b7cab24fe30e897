"""Grants per case (django-guardian, direct foreign keys) and the append-only access log."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class CaseUserObjectPermission(UserObjectPermissionBase):
    """A user's permission on one case. Written only by `privacy.services.sync_case_access`,
    derived from who directs the case or sits at its table, so it can be rebuilt at any time."""

    content_object = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="user_grants")

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "toegang tot casus"
        verbose_name_plural = "toegang tot casussen"


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    """Present so guardian never falls back to generic rows for cases; we grant no groups."""

    content_object = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="group_grants")

    class Meta(GroupObjectPermissionBase.Meta):
        pass


class AccessAction(models.TextChoices):
    VIEW = "view", "Bekijken"
    LIST = "list", "Lijst bekeken"
    SEARCH = "search", "Gezocht"
    CREATE = "create", "Aangemaakt"
    CHANGE = "change", "Gewijzigd"
    EXPORT = "export", "Geëxporteerd"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Het toegangslog kan niet worden gewijzigd.")

    def delete(self):
        raise PermissionError("Het toegangslog kan niet worden verwijderd.")


class AccessLogEntry(models.Model):
    """Who read or changed which personal data, when, from where, and whether it was allowed
    (NEN 7513 / BIO 8.15). Append-only: the application refuses update and delete, and on
    PostgreSQL a trigger refuses them too (migration 0002)."""

    occurred_at = models.DateTimeField("tijdstip", default=timezone.now, db_index=True)
    # No database constraint: a log line must outlive the account it names.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField("gebruiker", max_length=150, blank=True)
    user_role = models.CharField("rol", max_length=30, blank=True)
    user_organisation = models.CharField("organisatie", max_length=200, blank=True)
    on_behalf_of = models.CharField("namens", max_length=200, blank=True)
    action = models.CharField("handeling", max_length=20, choices=AccessAction.choices)
    object_type = models.CharField("soort object", max_length=40, blank=True)
    case_id = models.BigIntegerField("casus-id", null=True, blank=True, db_index=True)
    case_reference = models.CharField("casus", max_length=20, blank=True, db_index=True)
    object_reference = models.CharField("kenmerk object", max_length=20, blank=True, db_index=True)
    person_ids = models.JSONField("betrokkenen (id's)", default=list, blank=True)
    case_ids = models.JSONField("getoonde casussen (id's)", default=list, blank=True)
    allowed = models.BooleanField("toegestaan")
    reason = models.CharField("toelichting", max_length=300, blank=True)
    client_address = models.GenericIPAddressField("adres", null=True, blank=True)
    method = models.CharField(max_length=10, blank=True)
    path = models.CharField("pagina", max_length=300, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = "toegangslogregel"
        verbose_name_plural = "toegangslog"
        indexes = [models.Index(fields=["user", "-occurred_at"])]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.case_reference}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Het toegangslog kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Het toegangslog kan niet worden verwijderd.")

    @property
    def user_role_label(self) -> str:
        from partners.models import Role

        return Role(self.user_role).label if self.user_role in Role.values else self.user_role
