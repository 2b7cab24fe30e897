"""JSON Schema of the ZGW export (api/zgw.py), transcribed from the published OpenAPI documents of
VNG Realisatie: Zaken API 1.5 (`Zaak`, `Rol` with its betrokkeneIdentificatie per betrokkeneType,
`Status`, `ZaakInformatieObject`) and Documenten API 1.4 (`EnkelvoudigInformatieObject`): their
required fields, maximum lengths and enumerations. No PyPI or npm package ships those documents
(checked: vng-api-common 2.0.5 and zgw-consumers(-oas) hold tooling only), so this transcription
is the reference; update it with the standard."""

VERTROUWELIJKHEID = [
    "openbaar", "beperkt_openbaar", "intern", "zaakvertrouwelijk", "vertrouwelijk", "confidentieel", "geheim",
    "zeer_geheim",
]  # fmt: skip
URI = {"type": "string", "format": "uri", "maxLength": 1000, "minLength": 1}
DATE = {"type": "string", "format": "date"}


def _text(max_length: int) -> dict:
    return {"type": "string", "maxLength": max_length}


ZAAK = {
    "type": "object",
    "required": ["bronorganisatie", "zaaktype", "verantwoordelijkeOrganisatie", "startdatum"],
    "properties": {
        "url": URI,
        "uuid": {"type": "string", "format": "uuid"},
        "identificatie": _text(40),
        "bronorganisatie": {"type": "string", "pattern": "^[0-9]{9}$"},
        "omschrijving": _text(80),
        "toelichting": _text(1000),
        "zaaktype": URI,
        "registratiedatum": DATE,
        "verantwoordelijkeOrganisatie": {"type": "string", "pattern": "^[0-9]{9}$"},
        "startdatum": DATE,
        "einddatum": {"type": ["string", "null"], "format": "date"},
        "vertrouwelijkheidaanduiding": {"enum": VERTROUWELIJKHEID},
        "archiefnominatie": {"enum": ["blijvend_bewaren", "vernietigen", None]},
        "archiefstatus": {
            "enum": ["nog_te_archiveren", "gearchiveerd", "gearchiveerd_procestermijn_onbekend", "overgedragen"]
        },
        "archiefactiedatum": {"type": ["string", "null"], "format": "date"},
        "kenmerken": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["kenmerk", "bron"],
                "properties": {"kenmerk": _text(40), "bron": _text(40)},
            },
        },
    },
}
NATUURLIJK_PERSOON = {
    "type": "object",
    "properties": {
        "inpBsn": _text(9),
        "geslachtsnaam": _text(200),
        "voorvoegselGeslachtsnaam": _text(80),
        "voornamen": _text(200),
        "geboortedatum": _text(18),
    },
}
MEDEWERKER = {
    "type": "object",
    "properties": {"identificatie": _text(24), "achternaam": _text(200), "voorletters": _text(20)},
}
NIET_NATUURLIJK_PERSOON = {"type": "object", "properties": {"statutaireNaam": _text(500)}}
ROL = {
    "type": "object",
    "required": ["zaak", "betrokkeneType", "roltype", "roltoelichting"],
    "properties": {
        "url": URI,
        "uuid": {"type": "string", "format": "uuid"},
        "zaak": URI,
        "betrokkeneType": {
            "enum": [
                "natuurlijk_persoon",
                "niet_natuurlijk_persoon",
                "vestiging",
                "organisatorische_eenheid",
                "medewerker",
            ]
        },
        "roltype": URI,
        "roltoelichting": {"type": "string", "maxLength": 1000, "minLength": 1},
        "betrokkeneIdentificatie": {"type": "object"},
    },
    "allOf": [
        {
            "if": {"properties": {"betrokkeneType": {"const": kind}}},
            "then": {"properties": {"betrokkeneIdentificatie": schema}},
        }
        for kind, schema in (
            ("natuurlijk_persoon", NATUURLIJK_PERSOON),
            ("medewerker", MEDEWERKER),
            ("niet_natuurlijk_persoon", NIET_NATUURLIJK_PERSOON),
        )
    ],
}
STATUS = {
    "type": "object",
    "required": ["zaak", "statustype", "datumStatusGezet"],
    "properties": {
        "url": URI,
        "uuid": {"type": "string", "format": "uuid"},
        "zaak": URI,
        "statustype": URI,
        "datumStatusGezet": {"type": "string", "format": "date-time"},
        "statustoelichting": _text(1000),
    },
}
ZAAKINFORMATIEOBJECT = {
    "type": "object",
    "required": ["informatieobject", "zaak"],
    "properties": {
        "url": URI,
        "uuid": {"type": "string", "format": "uuid"},
        "informatieobject": URI,
        "zaak": URI,
        "aardRelatieWeergave": {
            "enum": ["Hoort bij, omgekeerd: kent", "Legt vast, omgekeerd: kan vastgelegd zijn als"]
        },
        "titel": _text(200),
        "registratiedatum": {"type": "string", "format": "date-time"},
    },
}
ENKELVOUDIGINFORMATIEOBJECT = {
    "type": "object",
    "required": ["bronorganisatie", "creatiedatum", "titel", "auteur", "taal", "informatieobjecttype"],
    "properties": {
        "url": URI,
        "uuid": {"type": "string", "format": "uuid"},
        "identificatie": _text(40),
        "bronorganisatie": {"type": "string", "pattern": "^[0-9]{9}$"},
        "creatiedatum": DATE,
        "titel": {"type": "string", "maxLength": 200, "minLength": 1},
        "vertrouwelijkheidaanduiding": {"enum": VERTROUWELIJKHEID},
        "auteur": {"type": "string", "maxLength": 200, "minLength": 1},
        "status": {"enum": ["in_bewerking", "ter_vaststelling", "definitief", "gearchiveerd"]},
        "formaat": _text(255),
        "taal": {"type": "string", "minLength": 3, "maxLength": 3},
        "versie": {"type": "integer"},
        "bestandsnaam": _text(255),
        "bestandsomvang": {"type": ["integer", "null"], "minimum": 0},
        "inhoud": {"type": "string", "contentEncoding": "base64"},
        "informatieobjecttype": URI,
        "integriteit": {
            "type": "object",
            "properties": {
                "algoritme": {
                    "enum": [
                        "crc_16",
                        "crc_32",
                        "crc_64",
                        "fletcher_4",
                        "fletcher_8",
                        "fletcher_16",
                        "fletcher_32",
                        "hmac",
                        "md5",
                        "sha_1",
                        "sha_256",
                        "sha_512",
                        "sha_3",
                        "",
                    ]  # fmt: skip
                },
                "waarde": _text(128),
                "datum": {"type": ["string", "null"], "format": "date"},
            },
        },
    },
}
EXPORT = {
    "type": "object",
    "required": ["zaak", "rollen", "statussen", "zaakinformatieobjecten", "enkelvoudiginformatieobjecten"],
    "properties": {
        "zaak": ZAAK,
        "rollen": {"type": "array", "items": ROL},
        "statussen": {"type": "array", "items": STATUS},
        "zaakinformatieobjecten": {"type": "array", "items": ZAAKINFORMATIEOBJECT},
        "enkelvoudiginformatieobjecten": {"type": "array", "items": ENKELVOUDIGINFORMATIEOBJECT},
    },
}
