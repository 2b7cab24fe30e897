from django.core.paginator import Paginator

from privacy.models import GrantRepair


def grant_repairs_page(page_number, *, size: int):
    return Paginator(GrantRepair.objects.select_related("user__organisation"), size).get_page(page_number)
