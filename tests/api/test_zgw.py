"""The ZGW export of a closed case: Zaken-API / Documenten-API shaped JSON (zaak, rollen, statussen,
zaakinformatieobjecten, enkelvoudiginformatieobjecten) that validates against the schema transcribed
from the published ZGW OpenAPI documents (api/zgw_schema.py); the documents' content inline. Only
the regisseur of a closed case exports; the export is logged."""

import base64

import jsonschema
import pytest

from api.zgw_schema import EXPORT
from cases import services
from cases.models import ClosureReason, DocumentCategory, Phase
from privacy.models import AccessAction, AccessLogEntry
from tests.documents.conftest import pdf, upload
from tests.factories import closing_evaluation

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_case(case, regisseur):
    services.add_document(
        case=case,
        actor=regisseur,
        title="Rapportage huisbezoek",
        category=DocumentCategory.objects.get(name="Rapportage"),
        upload=upload("r.pdf", pdf("huisbezoek")),
    )
    case.refresh_from_db()
    return services.change_phase(
        case=case,
        actor=regisseur,
        to_phase=Phase.AFGESLOTEN,
        expected_version=case.version,
        closure_reason=ClosureReason.GOALS_REACHED,
        closure_result="Rust in het gezin.",
        **closing_evaluation(case),
    )


def test_a_closed_case_exports_as_valid_zgw_json_with_its_documents(api_as, closed_case, regisseur):
    response = api_as("regisseur").get(f"/api/v1/casussen/{closed_case.reference}/zgw/")
    assert response.status_code == 200, response.content
    export = response.json()
    jsonschema.Draft202012Validator(EXPORT, format_checker=jsonschema.FormatChecker()).validate(export)
    zaak = export["zaak"]
    assert zaak["identificatie"] == closed_case.reference and zaak["einddatum"] == closed_case.closed_on.isoformat()
    people = [r for r in export["rollen"] if r["betrokkeneType"] == "natuurlijk_persoon"]
    assert {r["betrokkeneIdentificatie"]["voornamen"] for r in people} == {"Jan", "Ingrid"}
    assert any(r["betrokkeneType"] == "niet_natuurlijk_persoon" for r in export["rollen"])
    assert export["statussen"][0]["zaak"] == zaak["url"] and len(export["statussen"]) >= 2
    [document] = export["enkelvoudiginformatieobjecten"]
    assert base64.b64decode(document["inhoud"]) == pdf("huisbezoek")
    assert export["zaakinformatieobjecten"][0]["informatieobject"] == document["url"]
    entry = AccessLogEntry.objects.get(user=regisseur, object_type="zgw-export", allowed=True)
    assert entry.action == AccessAction.EXPORT and entry.case_id == closed_case.pk


def test_exporting_twice_gives_the_same_identifiers(api_as, closed_case):
    client = api_as("regisseur")
    first = client.get(f"/api/v1/casussen/{closed_case.reference}/zgw/").json()
    again = client.get(f"/api/v1/casussen/{closed_case.reference}/zgw/").json()
    assert first["zaak"]["uuid"] == again["zaak"]["uuid"]
    assert [r["uuid"] for r in first["rollen"]] == [r["uuid"] for r in again["rollen"]]


def test_an_open_case_or_another_role_does_not_export(api_as, case):
    response = api_as("regisseur").get(f"/api/v1/casussen/{case.reference}/zgw/")
    assert response.status_code == 403
    assert response.json()["detail"] == "Alleen de procesregisseur exporteert een afgesloten casus."
    assert api_as("agent").get(f"/api/v1/casussen/{case.reference}/zgw/").status_code == 403
    assert api_as("colleague").get(f"/api/v1/casussen/{case.reference}/zgw/").status_code == 404


def test_the_schema_refuses_a_wrong_shape():
    """The transcription is not vacuous: a zaak without its required zaaktype fails."""
    zaak = {"bronorganisatie": "000000000", "verantwoordelijkeOrganisatie": "000000000", "startdatum": "2026-01-01"}
    rol = {"zaak": "https://x.invalid/z", "betrokkeneType": "burger", "roltype": "https://x", "roltoelichting": "a"}
    broken = {
        "zaak": zaak,
        "rollen": [rol],
        "statussen": [],
        "zaakinformatieobjecten": [],
        "enkelvoudiginformatieobjecten": [],
    }
    errors = list(jsonschema.Draft202012Validator(EXPORT).iter_errors(broken))
    assert {tuple(e.absolute_path) for e in errors} == {("zaak",), ("rollen", 0, "betrokkeneType")}
