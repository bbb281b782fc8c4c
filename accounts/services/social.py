"""Sign-in with Google, Apple and LinkedIn (django-allauth providers).

allauth verifies the provider's ID token (signature against the provider's published keys,
issuer, audience = our client id, expiry) and tells us who the person is; the rules for what
that means here are ours, and the same for the API and for the site's buttons:

- a provider account seen before signs in to the account it is linked to;
- otherwise, an e-mail the provider says is verified links to the account with that e-mail;
- otherwise a new, verified account is made (and gets what every sign-up gets).
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialLogin
from django.contrib.auth.models import update_last_login
from django.core.exceptions import ImproperlyConfigured, MultipleObjectsReturned, ValidationError
from django.db import IntegrityError, transaction

from accounts import errors
from accounts.models import User
from accounts.services.audit import audit_entry_create
from accounts.services.auth import refresh_tokens_revoke, split_name
from accounts.signals import user_registered

# Our name in the URL -> allauth's provider id (LinkedIn is an OpenID Connect app named so).
PROVIDERS = {"google": "google", "apple": "apple", "linkedin": "linkedin"}


def social_login(*, provider: str, token: str, request, client_id: str | None = None) -> tuple[User, bool]:
    """Verify a provider's ID token and sign in. Returns (user, created)."""
    if provider not in PROVIDERS:
        raise errors.SocialProviderUnavailable()
    django_request = getattr(request, "_request", request)
    try:
        app_provider = get_social_adapter().get_provider(
            django_request, PROVIDERS[provider], client_id=client_id
        )
    except (SocialApp.DoesNotExist, MultipleObjectsReturned, ImproperlyConfigured):
        raise errors.SocialProviderUnavailable() from None
    # Outside any transaction: this fetches the provider's signing keys over the network.
    try:
        sociallogin = app_provider.verify_token(django_request, {"id_token": token})
    except ValidationError:
        raise errors.SocialTokenInvalid() from None
    user, created = social_login_complete(sociallogin=sociallogin, request=request)
    update_last_login(None, user)
    return user, created


def _verified_email(sociallogin: SocialLogin) -> str | None:
    for address in sociallogin.email_addresses:
        if address.verified and address.email:
            return address.email.strip().lower()
    return None


def _usable(user: User) -> User:
    if not user.is_active or user.deleted_at is not None:
        raise errors.SocialAccountUnusable()
    return user


def _link(*, user: User, sociallogin: SocialLogin, request) -> None:
    SocialAccount.objects.create(
        user=user,
        provider=sociallogin.account.provider,
        uid=sociallogin.account.uid,
        extra_data=sociallogin.account.extra_data,
    )
    audit_entry_create(
        actor=user,
        action="user.social_link",
        target=user,
        details={"provider": sociallogin.account.provider},
        request=request,
    )


def _create(*, email: str, sociallogin: SocialLogin) -> User:
    # The adapter's populate_user filled these from the provider's claims.
    person = sociallogin.user
    first = (getattr(person, "first_name", "") or "").strip()[:100]
    last = (getattr(person, "last_name", "") or "").strip()[:100]
    full_name = (getattr(person, "full_name", "") or "").strip() or f"{first} {last}".strip()
    if full_name and not first:
        first, last = split_name(full_name)
    user = User(email=email, full_name=full_name[:200], first_name=first, last_name=last, is_verified=True)
    user.set_unusable_password()  # signs in through the provider until they set a password
    user.save()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    user_registered.send(sender=User, user=user)
    return user


def _complete(*, sociallogin: SocialLogin, request) -> tuple[User, bool]:
    account = sociallogin.account
    with transaction.atomic():
        linked = (
            SocialAccount.objects.select_related("user")
            .filter(provider=account.provider, uid=account.uid)
            .first()
        )
        if linked is not None:
            linked.extra_data = account.extra_data
            linked.save(update_fields=["extra_data", "last_login"])
            return _usable(linked.user), False

        email = _verified_email(sociallogin)
        if email is None:
            raise errors.SocialEmailMissing()
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        if user is None:
            user = _create(email=email, sociallogin=sociallogin)
            _link(user=user, sociallogin=sociallogin, request=request)
            return user, True

        _usable(user)
        if not user.is_verified:
            # Someone may have signed up with this address without owning it, hoping the owner
            # would later link a provider and share the account with them (pre-hijacking). The
            # provider just proved who owns it: the address becomes verified and the unproven
            # password and its sessions stop working (as allauth does).
            user.is_verified = True
            user.set_unusable_password()
            user.save(update_fields=["is_verified", "password", "updated_at"])
            EmailAddress.objects.filter(user=user, email__iexact=email).update(verified=True)
            refresh_tokens_revoke(user=user)
        _link(user=user, sociallogin=sociallogin, request=request)
        return user, False


def social_login_complete(*, sociallogin: SocialLogin, request) -> tuple[User, bool]:
    """The account a verified provider identity signs in to, made or linked if need be."""
    try:
        return _complete(sociallogin=sociallogin, request=request)
    except IntegrityError:
        # A simultaneous first sign-in with the same identity (or e-mail) won the insert: it is
        # now an ordinary sign-in to the account that request made or linked.
        return _complete(sociallogin=sociallogin, request=request)
