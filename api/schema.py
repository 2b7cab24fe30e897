"""The OpenAPI document (drf-spectacular): every operation documents its problem responses
(application/problem+json, api/problems.py), so a client and schemathesis know their shape."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457-probleemdocument, in het Nederlands.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "Per veld wat er mis is; `field` is het pad, bijvoorbeeld `persons[0].bsn`.",
            "items": {
                "type": "object",
                "required": ["field", "detail"],
                "properties": {"field": {"type": "string"}, "detail": {"type": "string"}},
            },
        },
    },
}
PROBLEM_STATUSES = {
    "400": "Ongeldige invoer",
    "401": "Niet aangemeld (geen, een verlopen of een ingetrokken token)",
    "403": "Geen toegang (rol, scope of policy)",
    "404": "Niet gevonden, of niet voor u zichtbaar",
    "405": "Methode niet toegestaan",
    "406": "Niet aanvaardbaar",
    "409": "Conflict",
    "415": "Niet-ondersteund formaat",
    "429": "Te veel verzoeken",
}


class ZvhAutoSchema(AutoSchema):
    pass


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.PersonalTokenAuthentication"
    name = "persoonlijkToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "Een persoonlijk token (zvh_pat_…)."}


class PartnerApplicationScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.PartnerApplicationAuthentication"
    name = "partnertoepassing"

    def get_security_definition(self, auto_schema):
        return {
            "type": "oauth2",
            "description": "OAuth2 client credentials van een partnertoepassing (alleen de scope aanmeldingen).",
            "flows": {
                "clientCredentials": {
                    "tokenUrl": "/api/v1/oauth/token/",
                    "scopes": {"aanmeldingen": "Aanmeldingen indienen en volgen"},
                }
            },
        }


def add_problem_responses(result, generator, request, public):
    """Postprocessing hook: the Problem component and a problem response for every status an
    operation can answer with besides its own."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, description in PROBLEM_STATUSES.items():
                operation["responses"].setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
                    },
                )
    return result
