"""Organisations of the convenant and the people who log in on their behalf."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class OrganisationKind(models.TextChoices):
    GEMEENTE = "gemeente", "Gemeente"
    VEILIGHEID = "veiligheid", "Veiligheid"
    ZORG = "zorg", "Zorg"
    OVERIG = "overig", "Overig"


class Organisation(models.Model):
    """A partner of the convenant. Membership gives no access to cases (see privacy)."""

    name = models.CharField("naam", max_length=200, unique=True)
    kind = models.CharField("soort", max_length=20, choices=OrganisationKind.choices)
    is_wgs_participant = models.BooleanField(
        "WGS-deelnemer",
        default=False,
        help_text="Deelnemer in de zin van de Wet gegevensverwerking door samenwerkingsverbanden.",
    )
    convenant_date = models.DateField("datum convenant", null=True, blank=True)
    is_active = models.BooleanField("actief", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    PROCESREGISSEUR = "procesregisseur", "Procesregisseur"
    PARTNERPROFESSIONAL = "partnerprofessional", "Partnerprofessional"
    MANAGER = "manager", "Manager"
    PRIVACYFUNCTIONARIS = "privacyfunctionaris", "Privacyfunctionaris"
    FUNCTIONEEL_BEHEERDER = "functioneel_beheerder", "Functioneel beheerder"


class User(AbstractUser):
    """A person who logs in. The role says what kind of work they do; which cases they may see
    is decided per case by `privacy`, never by role or organisation alone."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisatie",
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    role = models.CharField("rol", max_length=30, choices=Role.choices, blank=True)
    job_title = models.CharField("functie", max_length=120, blank=True)
    phone = models.CharField("telefoon", max_length=30, blank=True)
    # Part of the session hash: raising it ends every session of this user ("overal uitloggen").
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"

    def __str__(self):
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret=None):
        from django.utils.crypto import salted_hmac

        key_salt = "partners.User.get_session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}:{self.session_epoch}", secret=secret, algorithm="sha256"
        ).hexdigest()

    @property
    def is_procesregisseur(self) -> bool:
        return self.role == Role.PROCESREGISSEUR

    @property
    def is_partnerprofessional(self) -> bool:
        return self.role == Role.PARTNERPROFESSIONAL

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def is_privacy_officer(self) -> bool:
        return self.role == Role.PRIVACYFUNCTIONARIS

    @property
    def is_functional_admin(self) -> bool:
        return self.role == Role.FUNCTIONEEL_BEHEERDER

    @property
    def works_on_cases(self) -> bool:
        """Roles whose work is case content (the rest see aggregates, logs or reference data)."""
        return self.role in {Role.PROCESREGISSEUR, Role.PARTNERPROFESSIONAL}
