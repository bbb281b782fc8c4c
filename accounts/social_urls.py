"""The site's "Continue with ..." flow: allauth's redirect to the provider and its callback.

Mounted at /social/ by config/urls.py without a namespace, because allauth reverses these by
their own names (google_callback, ...). Register the callback URLs with each provider:
  Google   <SITE_URL>/social/google/login/callback/
  Apple    <SITE_URL>/social/apple/login/callback/
  LinkedIn <SITE_URL>/social/oidc/linkedin/login/callback/
"""

from __future__ import annotations

from functools import wraps

from allauth.socialaccount.providers.apple import views as apple
from allauth.socialaccount.providers.google import views as google
from allauth.socialaccount.providers.openid_connect import views as oidc
from django.shortcuts import redirect
from django.urls import path


def post_only(view):
    """Sign-in starts from our log-in page's buttons (a POST with a CSRF token); a plain visit to
    the start URL goes back to that page instead of allauth's own confirmation page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST":
            return redirect("accounts:login")
        return view(request, *args, **kwargs)

    return wrapper


urlpatterns = [
    path("google/login/", post_only(google.oauth2_login), name="google_login"),
    path("google/login/callback/", google.oauth2_callback, name="google_callback"),
    path("apple/login/", post_only(apple.oauth2_login), name="apple_login"),
    path("apple/login/callback/", apple.oauth2_callback, name="apple_callback"),
    path("apple/login/callback/finish/", apple.oauth2_finish_login, name="apple_finish_callback"),
    path("oidc/<str:provider_id>/login/", post_only(oidc.login), name="openid_connect_login"),
    path("oidc/<str:provider_id>/login/callback/", oidc.callback, name="openid_connect_callback"),
]
