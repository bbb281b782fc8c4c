"""A stand-in for the providers' side of sign-in: an RSA key pair made for the test run, ID tokens
signed with it, and the provider endpoints (keys, OpenID configuration, token) served through
`responses`. Only the providers' HTTP endpoints are replaced; allauth and our code run as they are.
"""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime, timedelta
from functools import cache

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

GOOGLE_CERTS = "https://www.googleapis.com/oauth2/v1/certs"
GOOGLE_TOKEN = "https://oauth2.googleapis.com/token"
APPLE_KEYS = "https://appleid.apple.com/auth/keys"
LINKEDIN_SERVER = "https://www.linkedin.com/oauth"
LINKEDIN_CONFIG = f"{LINKEDIN_SERVER}/.well-known/openid-configuration"
LINKEDIN_JWKS = f"{LINKEDIN_SERVER}/openid/jwks"

CLIENT_IDS = {
    "google": "mentora-web.apps.googleusercontent.com",
    "apple": "app.mentora.signin",
    "linkedin": "78mentora",
}
ISSUERS = {
    "google": "https://accounts.google.com",
    "apple": "https://appleid.apple.com",
    "linkedin": LINKEDIN_SERVER,
}
KID = "test-key-1"


@cache
def private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@cache
def other_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def providers_settings(*names: str) -> dict:
    """SOCIALACCOUNT_PROVIDERS with the named providers configured, as the env vars would."""
    value: dict = {"google": {"APPS": []}, "apple": {"APPS": []}, "openid_connect": {"APPS": []}}
    if "google" in names:
        value["google"]["APPS"].append({"client_id": CLIENT_IDS["google"], "secret": "google-secret"})
    if "apple" in names:
        value["apple"]["APPS"].append({"client_id": CLIENT_IDS["apple"], "secret": "KEYID", "key": "TEAMID"})
    if "linkedin" in names:
        value["openid_connect"]["APPS"].append(
            {
                "provider_id": "linkedin",
                "name": "LinkedIn",
                "client_id": CLIENT_IDS["linkedin"],
                "secret": "linkedin-secret",
                "settings": {"server_url": LINKEDIN_SERVER},
            }
        )
    return value


def id_token(
    provider: str,
    *,
    sub: str = "10769150350006150715113082367",
    email: str = "ann@example.com",
    verified: bool = True,
    key=None,
    **claims,
) -> str:
    now = int(time.time())
    payload = {
        "iss": ISSUERS[provider],
        "aud": CLIENT_IDS[provider],
        "sub": sub,
        "email": email,
        "email_verified": verified if provider != "apple" else str(verified).lower(),
        "iat": now,
        "exp": now + 600,
        "jti": uuid.uuid4().hex,
        **claims,
    }
    return jwt.encode(payload, key or private_key(), algorithm="RS256", headers={"kid": KID})


def _jwks() -> dict:
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private_key().public_key()))
    return {"keys": [{**public, "kid": KID, "alg": "RS256", "use": "sig"}]}


def _certificate_pem() -> str:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "accounts.google.test")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private_key().public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .sign(private_key(), hashes.SHA256())
    )
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def serve_provider_keys(mocked) -> None:
    """Register the providers' public endpoints on a `responses.RequestsMock`."""
    mocked.get(GOOGLE_CERTS, json={KID: _certificate_pem()})
    mocked.get(APPLE_KEYS, json=_jwks())
    mocked.get(
        LINKEDIN_CONFIG,
        json={
            "issuer": LINKEDIN_SERVER,
            "authorization_endpoint": f"{LINKEDIN_SERVER}/v2/authorization",
            "token_endpoint": f"{LINKEDIN_SERVER}/v2/accessToken",
            "userinfo_endpoint": "https://api.linkedin.com/v2/userinfo",
            "jwks_uri": LINKEDIN_JWKS,
        },
    )
    mocked.get(LINKEDIN_JWKS, json=_jwks())
