"""The placeholders of a letter template (issue 17): a fixed whitelist, filled by a small function.

User-managed template text is never given to the Django template engine (that would let whoever
manages the templates run template code, e.g. `{{ settings.SECRET_KEY }}` or `{% load %}`). A
placeholder is `{{ name }}` with `name` from `PLACEHOLDERS`; `fill` replaces those and nothing else.
Anything else between `{{ }}` or `{% %}` is refused when a template is saved (`validate_placeholders`)
and, should it slip through, left visible as typed. The filled text is plain text: the PDF template
HTML-escapes it (autoescape) like any other value."""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.core.exceptions import ValidationError

PLACEHOLDERS: dict[str, str] = {
    "kenmerk": "het kenmerk van de casus",
    "datum": "de datum van vandaag, bijvoorbeeld 4 december 2026",
    "naam_betrokkene": "de naam van de gekozen betrokkene (standaard de hoofdpersoon)",
    "adres_betrokkene": "het adres van die betrokkene (straat, postcode en woonplaats)",
    "procesregisseur": "de naam van de procesregisseur",
    "zvh_naam": "de naam van het Zorg- en Veiligheidshuis",
    "verwijzer_organisatie": "de organisatie die de casus aanmeldde",
    "volgend_overleg": "datum en tijd van het volgende geplande casusoverleg",
}

_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
_ANY_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def unknown_placeholders(text: str) -> list[str]:
    """Every `{{ … }}`, `{% … %}` or `{# … #}` in `text` that is not a whitelisted placeholder."""
    unknown = []
    for match in _ANY_TAG.finditer(text or ""):
        known = _PLACEHOLDER.fullmatch(match.group(0))
        if not (known and known.group(1) in PLACEHOLDERS):
            unknown.append(match.group(0))
    return unknown


def validate_placeholders(text: str) -> None:
    unknown = unknown_placeholders(text)
    if unknown:
        allowed = ", ".join(f"{{{{ {name} }}}}" for name in PLACEHOLDERS)
        raise ValidationError(
            "Onbekende plaatshouder: %(unknown)s. Gebruik alleen: %(allowed)s.",
            code="unknown_placeholder",
            params={"unknown": ", ".join(dict.fromkeys(unknown)), "allowed": allowed},
        )


def fill(text: str, values: Mapping[str, str]) -> str:
    """`text` with each whitelisted `{{ name }}` replaced by `values[name]`; everything else as typed."""

    def replace(match: re.Match) -> str:
        name = match.group(1)
        return str(values.get(name, "")) if name in PLACEHOLDERS else match.group(0)

    return _PLACEHOLDER.sub(replace, text or "")
