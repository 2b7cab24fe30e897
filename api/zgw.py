"""A closed case as ZGW JSON (Zaken API 1.5 and Documenten API 1.4 of VNG Realisatie), so that an
archive or Open Zaak can take it over: one `zaak`, its `rollen` (the persons as natuurlijk persoon,
the regisseur as behandelaar, the partners at the table as niet-natuurlijk persoon), its `statussen`
(registration, every phase change, closure), and per document one `enkelvoudiginformatieobject`
(content inline, base64, from the latest clean version) with its `zaakinformatieobject`.

ZGW references catalogue types (zaaktype, roltype, statustype, informatieobjecttype) by URL; the
ZVH has no Catalogi API, so those URLs are built from settings ZGW_CATALOGUS_URL (per programme,
role and phase code) for the receiving side to map. The shape is checked by tests/api/test_zgw.py
against api/zgw_schema.py, transcribed from the published OpenAPI documents (no registry package
ships them: vng-api-common and zgw-consumers hold tooling, not the Zaken/Documenten schemas)."""

from __future__ import annotations

import base64
import uuid

from django.conf import settings

from cases.document_selectors import case_documents
from cases.models import Case, PersonRole, TimelineKind

# Stable identifiers: the same case exported twice gets the same uuids.
ZGW_NAMESPACE = uuid.UUID("0d7a3c1e-5b8f-4f44-9a0e-6a9f4f1b2c3d")
# Retention already applied its rule to what is left; an archive decides after transfer.
ARCHIEFNOMINATIE = "vernietigen"


def _uuid(*parts) -> str:
    return str(uuid.uuid5(ZGW_NAMESPACE, ":".join(map(str, parts))))


def _catalogus(kind: str, code: str) -> str:
    base = settings.ZGW_CATALOGUS_URL.rstrip("/")
    return f"{base}/{kind}/{code}"


def zgw_export(case: Case, user, *, base_url: str) -> dict:
    rsin = settings.ZGW_BRONORGANISATIE_RSIN
    base = base_url.rstrip("/")
    zaak_uuid = _uuid("zaak", case.pk)
    zaak_url = f"{base}/zaken/{zaak_uuid}"
    zaak = {
        "url": zaak_url,
        "uuid": zaak_uuid,
        "identificatie": case.reference,
        "bronorganisatie": rsin,
        "omschrijving": f"{case.programme.code} {case.reference}"[:80],
        "toelichting": (case.closure_result or "")[:1000],
        "zaaktype": _catalogus("zaaktypen", case.programme.code),
        "registratiedatum": case.created_at.date().isoformat(),
        "verantwoordelijkeOrganisatie": rsin,
        "startdatum": case.opened_on.isoformat(),
        "einddatum": case.closed_on.isoformat() if case.closed_on else None,
        "vertrouwelijkheidaanduiding": "vertrouwelijk",
        "archiefnominatie": ARCHIEFNOMINATIE,
        "archiefstatus": "nog_te_archiveren",
        "archiefactiedatum": None,
        "kenmerken": [{"kenmerk": case.reference, "bron": "ZVH zaaksysteem"}],
    }
    rollen = []
    for person in case.persons.order_by("created_at", "pk"):
        identification = {
            "inpBsn": person.bsn or "",
            "geslachtsnaam": person.last_name,
            "voorvoegselGeslachtsnaam": person.name_prefix,
            "voornamen": person.first_name,
            "geboortedatum": person.date_of_birth.isoformat() if person.date_of_birth else "",
        }
        rollen.append(
            {
                "url": f"{base}/rollen/{_uuid('rol-persoon', person.pk)}",
                "uuid": _uuid("rol-persoon", person.pk),
                "zaak": zaak_url,
                "betrokkeneType": "natuurlijk_persoon",
                "roltype": _catalogus("roltypen", f"{case.programme.code}-{person.role_in_case}"),
                "roltoelichting": PersonRole(person.role_in_case).label
                if person.role_in_case in PersonRole.values
                else person.role_in_case,
                "betrokkeneIdentificatie": identification,
            }
        )
    regisseur = case.procesregisseur
    rollen.append(
        {
            "url": f"{base}/rollen/{_uuid('rol-regisseur', case.pk)}",
            "uuid": _uuid("rol-regisseur", case.pk),
            "zaak": zaak_url,
            "betrokkeneType": "medewerker",
            "roltype": _catalogus("roltypen", f"{case.programme.code}-procesregisseur"),
            "roltoelichting": "Procesregisseur",
            "betrokkeneIdentificatie": {
                "identificatie": regisseur.get_username()[:24],
                "achternaam": regisseur.last_name,
                "voorletters": "".join(part[:1] for part in regisseur.first_name.split()),
            },
        }
    )
    for participant in case.participants.select_related("organisation").order_by("joined_on", "pk"):
        rollen.append(
            {
                "url": f"{base}/rollen/{_uuid('rol-partner', participant.pk)}",
                "uuid": _uuid("rol-partner", participant.pk),
                "zaak": zaak_url,
                "betrokkeneType": "niet_natuurlijk_persoon",
                "roltype": _catalogus("roltypen", f"{case.programme.code}-partner"),
                "roltoelichting": (participant.contribution or "Partner aan tafel")[:1000],
                "betrokkeneIdentificatie": {"statutaireNaam": participant.organisation.name[:500]},
            }
        )
    statussen = [
        {
            "url": f"{base}/statussen/{_uuid('status', entry.pk)}",
            "uuid": _uuid("status", entry.pk),
            "zaak": zaak_url,
            "statustype": _catalogus("statustypen", f"{case.programme.code}-{entry.kind}"),
            "datumStatusGezet": entry.created_at.isoformat(),
            "statustoelichting": entry.text[:1000],
        }
        for entry in case.timeline.filter(kind__in=[TimelineKind.CREATED, TimelineKind.PHASE]).order_by(
            "created_at", "pk"
        )
    ]
    informatieobjecten, zaakinformatieobjecten = [], []
    for document in case_documents(case, user):
        if not document.readable:
            continue
        version = document.current
        eio_uuid = _uuid("eio", document.pk)
        eio_url = f"{base}/enkelvoudiginformatieobjecten/{eio_uuid}"
        with version.file.open("rb") as stored:
            content = base64.b64encode(stored.read()).decode("ascii")
        informatieobjecten.append(
            {
                "url": eio_url,
                "uuid": eio_uuid,
                "identificatie": f"{case.reference}-D{document.pk}"[:40],
                "bronorganisatie": rsin,
                "creatiedatum": document.created_at.date().isoformat(),
                "titel": document.title[:200],
                "vertrouwelijkheidaanduiding": "vertrouwelijk",
                "auteur": (str(document.author_organisation) if document.author_organisation else "ZVH")[:200],
                "status": "definitief",
                "formaat": version.content_type[:255],
                "taal": "dut",
                "versie": version.number,
                "bestandsnaam": version.original_name[:255],
                "bestandsomvang": version.size,
                "inhoud": content,
                "informatieobjecttype": _catalogus("informatieobjecttypen", str(document.category_id)),
                "integriteit": {
                    "algoritme": "sha_256",
                    "waarde": version.sha256,
                    "datum": version.uploaded_at.date().isoformat(),
                },
            }
        )
        zaakinformatieobjecten.append(
            {
                "url": f"{base}/zaakinformatieobjecten/{_uuid('zio', document.pk)}",
                "uuid": _uuid("zio", document.pk),
                "informatieobject": eio_url,
                "zaak": zaak_url,
                "aardRelatieWeergave": "Hoort bij, omgekeerd: kent",
                "titel": document.title[:200],
                "registratiedatum": document.created_at.isoformat(),
            }
        )
    return {
        "zaak": zaak,
        "rollen": rollen,
        "statussen": statussen,
        "zaakinformatieobjecten": zaakinformatieobjecten,
        "enkelvoudiginformatieobjecten": informatieobjecten,
    }
