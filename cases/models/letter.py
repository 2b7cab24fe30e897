"""Letter templates (issue 17): a managed list (beheer) of texts with placeholders from which the
regisseur makes a letter as a PDF document of the case (cases/services/letters.py). The text is
reference data, not personal data: personal data only enters the generated PDF."""

from django.db import models

from cases.letter_placeholders import validate_placeholders
from zvh.data_retention import DataRetention, NotPersonal

from .document import DocumentCategory

DEFAULT_LETTER_TEMPLATES = [
    (
        "Uitnodiging aan betrokkene",
        "Brief",
        "Beste {{ naam_betrokkene }},\n\n"
        "Het {{ zvh_naam }} nodigt u uit voor een gesprek over de ondersteuning die u krijgt. "
        "Datum en tijd van het gesprek: {{ volgend_overleg }}.\n\n"
        "Wilt u laten weten of u kunt komen? Neem dan contact op met uw procesregisseur, "
        "{{ procesregisseur }}. Noemt u daarbij het kenmerk {{ kenmerk }}.\n\n"
        "Met vriendelijke groet,\n{{ procesregisseur }}\nProcesregisseur, {{ zvh_naam }}",
    ),
    (
        "Bericht aan de verwijzer",
        "Brief",
        "Aan {{ verwijzer_organisatie }},\n\n"
        "Het {{ zvh_naam }} heeft uw aanmelding in behandeling genomen onder kenmerk {{ kenmerk }}. "
        "Procesregisseur is {{ procesregisseur }}; bij vragen kunt u contact met haar of hem opnemen.\n\n"
        "Met vriendelijke groet,\n{{ procesregisseur }}\nProcesregisseur, {{ zvh_naam }}",
    ),
]


class LetterTemplate(models.Model):
    name = models.CharField("naam", max_length=120, unique=True)
    category = models.ForeignKey(
        DocumentCategory,
        verbose_name="documentcategorie",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="De brief wordt met deze categorie als document bij de casus bewaard.",
    )
    body = models.TextField(
        "tekst",
        max_length=10000,
        validators=[validate_placeholders],
        help_text="Plaatshouders: {{ kenmerk }}, {{ datum }}, {{ naam_betrokkene }}, {{ adres_betrokkene }}, "
        "{{ procesregisseur }}, {{ zvh_naam }}, {{ verwijzer_organisatie }}, {{ volgend_overleg }}. "
        "Een lege regel begint een nieuwe alinea.",
    )
    is_active = models.BooleanField("actief", default=True)

    data_retention = DataRetention(
        name=NotPersonal("naam van een briefsjabloon (referentiegegeven)"),
        body=NotPersonal("tekst van een briefsjabloon met plaatshouders (referentiegegeven, geen persoonsgegevens)"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "briefsjabloon"
        verbose_name_plural = "briefsjablonen"

    def __str__(self):
        return self.name
