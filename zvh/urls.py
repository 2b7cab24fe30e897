from django.apps import apps
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from partners import views as account_views
from registry.account_recovery import NewPasswordForm, PasswordResetByOutboxForm

from . import views, well_known

admin.site.site_header = "ZVH zaaksysteem – beheer"
admin.site.site_title = "ZVH beheer"
admin.site.index_title = "Referentiegegevens"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(template_name="registration/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    # Account recovery (issue 20, registry/account_recovery.py): the owner's own e-mail, one-time link,
    # nobody logged in by it (the second factor follows at the next login).
    path(
        "wachtwoord-vergeten/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetByOutboxForm, template_name="registration/password_reset_form.html"
        ),
        name="password_reset",
    ),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-vergeten/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=NewPasswordForm, template_name="registration/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-vergeten/ingesteld/",
        auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("inloggen/tweede-stap/", account_views.mfa_verify, name="mfa_verify"),
    path("inloggen/authenticator-instellen/", account_views.mfa_setup, name="mfa_setup"),
    path("uitloggen/overal/", account_views.logout_everywhere, name="logout_everywhere"),
    path("casussen/", include("cases.urls")),
    path("aanmeldingen/", include("cases.escalation_urls")),
    path("programmas/", include("dashboard.urls")),
    path("privacy/", include("privacy.urls")),
    path("samenwerking/", include("registry.urls")),
    path("samenwerking/", include("agenda.urls")),
    path("enquete/", include("cases.survey_urls")),
    path("", include("notifications.urls")),
    path("api/v1/", include("api.urls")),
    path("gezondheid/", views.health, name="health"),
    path(".well-known/security.txt", well_known.security_txt, name="security_txt"),
    path(".well-known/security-policy.txt", well_known.security_policy, name="security_policy"),
    path("beheer/", admin.site.urls),
]
# Dev-only pages (the demo's mailbox): only where the demo app is installed, never in production
# settings (tests/demo/test_first_run.py); the views answer 404 unless DEBUG is on.
if apps.is_installed("demo"):
    urlpatterns.append(path("dev/mail/", include("demo.urls")))
