"""Need-to-know inside a case: an item (a note now, a document later) restricted to the case's
procesregisseur and named organisations at the table. Who may read it is decided only by
`privacy.policy.may_read_restricted` / `restricted_reader`; this mixin only stores the facts."""

from django.db import models


class Restrictable(models.Model):
    """Abstract: `restricted` with `restricted_to` (organisations whose seated professionals may read
    the content besides the regisseur) and the author's organisation at the time of writing (what
    the others see beside the date). Concrete models get their own M2M table."""

    restricted = models.BooleanField("afgeschermd", default=False)
    restricted_to = models.ManyToManyField(
        "partners.Organisation", verbose_name="alleen zichtbaar voor", blank=True, related_name="+"
    )
    author_organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name="organisatie van de auteur",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    RESTRICTED_LABEL = "afgeschermde notitie"
