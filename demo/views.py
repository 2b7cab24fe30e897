"""The dev-only mailbox (/dev/mail/): the e-mails the demo sent, read from var/mail/.

It exists only where the demo app is installed (dev and test settings; zvh/urls.py) and answers
only with DEBUG on: otherwise 404, for everyone. The mails carry no personal data beyond a case
reference (notifications/emails.py), and the page still asks for a login like every other page."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zvh.forms import ascii_digits

from . import mailbox

PAGE_SIZE = 50


def _require_debug() -> None:
    if not settings.DEBUG:
        raise Http404("Alleen in de demo (DEBUG).")


def debug_only(view):
    """404 before the login redirect: outside DEBUG the page does not exist for anyone."""

    def wrapped(request, *args, **kwargs):
        _require_debug()
        return login_required(view)(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@require_GET
@debug_only
def mail_list(request):
    raw_page = request.GET.get("pagina", "1")
    page = Paginator(mailbox.all_mail(), PAGE_SIZE).get_page(int(raw_page) if ascii_digits(raw_page) else 1)
    return render(request, "demo/mail_list.html", {"page": page, "folder": mailbox.mail_folder()})


@require_GET
@debug_only
def mail_detail(request, file_name: str, index: int):
    mail = mailbox.one_mail(file_name, index)
    if mail is None:
        raise Http404("Deze e-mail bestaat niet (meer).")
    return render(request, "demo/mail_detail.html", {"mail": mail})
