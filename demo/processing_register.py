"""Demo data: the ZVH's standard processing activities in the register of processing activities
(art. 30 AVG), as a new installation's privacy officer would enter them. Idempotent: entries that
exist already, possibly edited by the privacy officer since, are left alone."""

from privacy.models import ProcessingActivity

_CONTROLLERS = (
    "De deelnemers aan het samenwerkingsverband Zorg- en Veiligheidshuis (gemeenten, partners uit de "
    "veiligheidsketen en zorgorganisaties die het convenant ondertekenden) als gezamenlijke "
    "verwerkingsverantwoordelijken (art. 26 AVG); één contactpunt voor betrokkenen."
)
_SECURITY = (
    "Need-to-know per casus (alleen procesregisseur en partners aan tafel); tweefactorauthenticatie; "
    "elke inzage en wijziging gelogd in een onwijzigbaar toegangslog (NEN 7513, BIO 8.15); versleutelde "
    "verbindingen; bewaartermijnen afgedwongen door een geplande taak; geen BSN in URL's of logregels."
)

SEED_ACTIVITIES = [
    {
        "name": "Casusoverleg en procesregie onder de WGS",
        "purpose": (
            "Gezamenlijke analyse en één integraal plan van aanpak voor personen en gezinnen met "
            "complexe problematiek op meerdere leefgebieden en een veiligheidsrisico; procesregie en "
            "monitoring van de afspraken tussen partners."
        ),
        "legal_basis": (
            "Art. 6 lid 1 sub c en e AVG; Wet gegevensverwerking door samenwerkingsverbanden (WGS) en het "
            "Besluit gegevensverwerking door samenwerkingsverbanden (BGS), samenwerkingsverband "
            "Zorg- en Veiligheidshuis; bijzondere en strafrechtelijke gegevens voor zover de WGS dat toestaat."
        ),
        "data_subjects": "Hoofdpersonen van casussen, hun gezinsleden en andere betrokkenen (zoals slachtoffers).",
        "data_categories": (
            "Naam, geboortedatum, adres, BSN (alleen waar nodig), rol in de casus; aanleiding en hulpvraag, "
            "AVE-niveau, plan van aanpak en voortgang; gegevens over gezondheid en justitiële gegevens voor "
            "zover nodig voor de casus."
        ),
        "recipients": "Professionals van de partners die aan tafel zitten bij de betreffende casus; procesregisseurs.",
        "retention": (
            "Volgens het BGS per categorie (afgesloten casus), in te stellen door de privacyfunctionaris; "
            "verlenging alleen met vastgelegde reden. Toegangslog minimaal 5 jaar."
        ),
        "security_measures": _SECURITY,
        "controllers": _CONTROLLERS,
    },
    {
        "name": "Aanmeldingen en triage",
        "purpose": (
            "Ontvangen en beoordelen van opschalingen door partners (aanmeldingen): bepalen of een casus "
            "wordt opgestart, advies wordt gegeven, bilateraal wordt opgepakt of wordt teruggelegd."
        ),
        "legal_basis": "Art. 6 lid 1 sub c en e AVG; WGS en BGS (samenwerkingsverband Zorg- en Veiligheidshuis).",
        "data_subjects": "Personen over wie een partner opschaalt, en hun gezinsleden.",
        "data_categories": (
            "Naam, geboortedatum, adres, BSN (indien bekend), aanleiding, knelpunten, AVE-niveau, urgentie, "
            "of betrokkene is geïnformeerd; contactgegevens van de verwijzer."
        ),
        "recipients": "Het triageteam (procesregisseurs) en de verwijzer; na acceptatie de partners aan tafel.",
        "retention": (
            "Aanmelding die geen casus werd: termijn volgens het BGS vanaf de beoordeling; daarna vernietigd "
            "door de bewaartermijntaak. Aanmelding die een casus werd: volgt de casus."
        ),
        "security_measures": _SECURITY,
        "controllers": _CONTROLLERS,
    },
    {
        "name": "PGA Radicalisering (persoonsgerichte aanpak)",
        "purpose": (
            "Persoonsgerichte aanpak van radicalisering en extremisme: signalen duiden en interventies "
            "afstemmen in het casusoverleg radicalisering."
        ),
        "legal_basis": (
            "Eigen wettelijke grondslag: Wet verwerking persoonsgegevens in het kader van de aanpak van "
            "radicalisering en terroristische activiteiten (casusoverleggen), naast art. 6 lid 1 sub e AVG; "
            "casussen worden gescheiden gehouden van de overige ZVH-casussen."
        ),
        "data_subjects": "Personen die in het casusoverleg radicalisering worden besproken en hun naasten.",
        "data_categories": (
            "Identificerende gegevens, signalen en duiding, justitiële gegevens en gegevens over "
            "levensovertuiging voor zover strikt noodzakelijk."
        ),
        "recipients": "Alleen de deelnemers aan het casusoverleg radicalisering voor de betreffende casus.",
        "retention": "Volgens de eigen wet voor de aanpak van radicalisering; gescheiden bewaard en vernietigd.",
        "security_measures": _SECURITY + " Casussen van dit programma zijn afzonderlijk te selecteren en te scheiden.",
        "controllers": (
            "De gemeente (regie) en de deelnemers aan het casusoverleg radicalisering als gezamenlijke "
            "verwerkingsverantwoordelijken."
        ),
    },
]


def seed_processing_register() -> int:
    """Put the standard processing activities in the register if they are not there yet.
    Returns how many were added."""
    added = 0
    for activity in SEED_ACTIVITIES:
        _, created = ProcessingActivity.objects.get_or_create(name=activity["name"], defaults=activity)
        added += int(created)
    return added
