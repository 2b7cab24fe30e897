"""/.well-known/security.txt (RFC 9116): where a finder reports a vulnerability of this deployment.

Each ZVH runs its own deployment, so the contact is a setting (SECURITY_CONTACT); the file says when
it expires (RFC 9116 2.5.5: less than a year ahead), so a forgotten contact stops being trusted.
"""

from datetime import UTC, timedelta

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

EXPIRES_AFTER = timedelta(days=180)


@require_GET
def security_txt(request):
    expires = (timezone.now() + EXPIRES_AFTER).replace(microsecond=0)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: nl, en",
        f"Canonical: {settings.SITE_URL.rstrip('/')}/.well-known/security.txt",
        f"Policy: {settings.SITE_URL.rstrip('/')}/.well-known/security-policy.txt",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def security_policy(request):
    """The coordinated-disclosure policy (SECURITY.md of the source), so the Policy link works
    on every deployment without a separate web page."""
    text = (settings.BASE_DIR / "SECURITY.md").read_text(encoding="utf-8")
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
