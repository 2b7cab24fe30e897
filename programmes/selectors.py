from django.db.models import Prefetch

from .models import Prognosis, Programme


def programmes_with_prognoses():
    """Programmes with their prognoses per year, and the years that have any (newest first)."""
    programmes = list(
        Programme.objects.prefetch_related(Prefetch("prognoses", queryset=Prognosis.objects.order_by("-year")))
    )
    years = sorted({p.year for programme in programmes for p in programme.prognoses.all()}, reverse=True)
    for programme in programmes:
        by_year = {p.year: p for p in programme.prognoses.all()}
        programme.prognosis_row = [by_year.get(year) for year in years]
    return programmes, years
