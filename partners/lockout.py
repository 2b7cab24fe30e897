"""The username django-axes counts failed logins under (settings.AXES_USERNAME_CALLABLE)."""

# AccessAttempt.username is a varchar(255); Django's login form does not check the length of the
# typed username before authenticating, so a 5000-character one was a 500 (issue 20). No account
# name is longer than the user model's 150 characters, so nothing is lost by cutting.
LONGEST_USERNAME = 150


def username_for_lockout(request, credentials) -> str | None:
    if credentials and credentials.get("username"):
        username = credentials["username"]
    else:
        username = request.POST.get("username") if request is not None else None
    return str(username)[:LONGEST_USERNAME] if username is not None else None
