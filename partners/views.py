"""Account pages: the second factor (set-up and verification) and logging out everywhere."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from zvh.forms import ZvhForm

from . import mfa


class TokenForm(ZvhForm):
    token = forms.CharField(
        label="Code",
        max_length=16,
        help_text="De 6 cijfers uit uw authenticator-app, of een van uw back-upcodes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _next_url(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@login_required
@require_http_methods(["GET", "POST"])
def mfa_verify(request):
    if request.user.is_verified():
        return redirect(_next_url(request))
    if mfa.confirmed_app(request.user) is None:
        return redirect("mfa_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.verify(request=request, user=request.user, token=form.cleaned_data["token"]):
            return redirect(_next_url(request))
        form.add_error("token", "Deze code klopt niet of is verlopen. Probeer de nieuwste code uit uw app.")
    return render(request, "registration/mfa_verify.html", {"form": form, "next": _next_url(request, "")})


@login_required
@require_http_methods(["GET", "POST"])
def mfa_setup(request):
    if mfa.confirmed_app(request.user) is not None:
        return redirect("mfa_verify")
    device = mfa.pending_app(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = mfa.confirm_app(request=request, device=device, token=form.cleaned_data["token"])
        if codes is not None:
            return render(request, "registration/mfa_backup_codes.html", {"codes": codes, "next": _next_url(request)})
        form.add_error("token", "Deze code klopt niet. Controleer de tijd op uw telefoon en probeer de nieuwste code.")
    context = {"form": form, "qr_svg": mfa.qr_svg(device), "secret": mfa.base32_secret(device)}
    return render(request, "registration/mfa_setup.html", context)


@login_required
@require_POST
def logout_everywhere(request):
    """End every session of this user, on every device, including this one."""
    user = request.user
    user.session_epoch += 1
    user.save(update_fields=["session_epoch"])
    logout(request)
    messages.success(request, "U bent op alle apparaten uitgelogd.")
    return redirect("login")
