import re

from django.core import mail

REGISTER = "/api/v1/auth/register"
LOGIN = "/api/v1/auth/login"
REFRESH = "/api/v1/auth/refresh"
LOGOUT = "/api/v1/auth/logout"
VERIFY = "/api/v1/auth/verify-email"
RESEND = "/api/v1/auth/resend-verification"
RESET = "/api/v1/auth/password/reset"
RESET_CONFIRM = "/api/v1/auth/password/reset/confirm"
CHANGE = "/api/v1/auth/password/change"
ME = "/api/v1/users/me"

PASSWORD = "a-long-enough-pass"


def signup_body(**overrides):
    return {"email": "ann@example.com", "password": PASSWORD, "full_name": "Ann Example", **overrides}


def token_from_mail(message, path_fragment: str) -> str:
    """The key at the end of the link in a mail, e.g. /verify-email/<key>/."""
    match = re.search(rf"{re.escape(path_fragment)}([^/\s]+)/", message.body)
    assert match, message.body
    return match.group(1)


def last_mail_to(address: str):
    matching = [m for m in mail.outbox if address in m.to]
    assert matching, f"no mail to {address}"
    return matching[-1]


def bearer(client, access: str):
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client
