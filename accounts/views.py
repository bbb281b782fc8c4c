"""Site pages of accounts. They call the same services as the API; forms only check shape."""
from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("")


signup = login_view = logout_view = account = verify_email = _todo
password_reset = password_reset_confirm = password_change = _todo
