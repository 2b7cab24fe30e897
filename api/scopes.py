"""Which scopes a partner application may ask for at the token endpoint: the organisation-level
ones only (api/permissions.py:APPLICATION_SCOPES), whatever the settings list for personal tokens."""

from oauth2_provider.scopes import SettingsScopes

from .permissions import APPLICATION_SCOPES


class ApplicationScopes(SettingsScopes):
    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        return list(APPLICATION_SCOPES)

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return list(APPLICATION_SCOPES)
