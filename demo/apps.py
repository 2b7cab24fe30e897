from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo-only code: `manage.py seed_demo`, `manage.py demo_totp` and the demo data they make.
    Installed by the dev and test settings only; production settings do not install it, so these
    commands do not exist in a deployment (tests/test_deployment.py holds it)."""

    name = "demo"
    verbose_name = "Demogegevens"
