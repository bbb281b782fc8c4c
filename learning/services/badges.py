"""Open Badges 3.0 credentials: W3C Verifiable Credentials signed with the platform's key.

Each certificate and each unlocked achievement is issued as an `OpenBadgeCredential` with an
embedded Data Integrity proof, cryptosuite `eddsa-jcs-2022` (W3C vc-di-eddsa): the credential
and the proof options are canonicalised with JCS (RFC 8785), hashed with SHA-256, and the two
hashes signed with the platform's Ed25519 key. So one JSON document is the credential: it is the
download, it is what is baked into the badge PNG (iTXt chunk `openbadgecredential`, the Open
Badges baking spec), and anyone holding the public key (published as a Multikey in the issuer
profile and as a JWKS) can check it offline.

The key comes from settings.LEARNING_CREDENTIAL_KEY (a PEM Ed25519 private key, from the
environment); without it one is generated into LEARNING_CREDENTIAL_KEY_FILE (under VAR_DIR) the
first time it is needed, written once even when two processes start together.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.urls import reverse
from jcs import canonicalize
from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
CRYPTOSUITE = "eddsa-jcs-2022"
PNG_KEYWORD = "openbadgecredential"
# The multicodec prefix of an Ed25519 public key in a Multikey (0xed 0x01, varint-encoded).
_ED25519_MULTICODEC = b"\xed\x01"

RARITY_COLOURS = {
    "common": (84, 110, 122),
    "rare": (21, 101, 192),
    "epic": (106, 27, 154),
    "legendary": (191, 120, 0),
    "certificate": (27, 94, 32),
}


# --- encodings ------------------------------------------------------------------------------------


def jcs(value: Any) -> bytes:
    """RFC 8785 canonical JSON (the `jcs` package). A credential holds strings, integers,
    booleans, lists and objects only: a float is refused rather than left to number formatting."""

    def check(item: Any) -> None:
        if isinstance(item, float):
            raise ValueError("A credential holds no floating-point numbers.")
        if isinstance(item, dict):
            for inner in item.values():
                check(inner)
        elif isinstance(item, list):
            for inner in item:
                check(inner)

    check(value)
    return canonicalize(value)


def base58btc(data: bytes) -> str:
    return base58.b58encode(data).decode("ascii")


def base58btc_decode(text: str) -> bytes:
    try:
        return base58.b58decode(text)
    except ValueError as exc:
        raise ValueError("Not base58btc.") from exc


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


# --- the platform's key ---------------------------------------------------------------------------

_key_cache: dict[tuple[str, str], Ed25519PrivateKey] = {}


def _key_file_read_or_create(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        # O_EXCL: of two processes generating at once, one writes and both then use its key.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    return pem


def signing_key() -> Ed25519PrivateKey:
    # A PEM in one environment line may carry its line breaks as "\n".
    configured = (settings.LEARNING_CREDENTIAL_KEY or "").strip().replace("\\n", "\n")
    path = str(settings.LEARNING_CREDENTIAL_KEY_FILE)
    cache_key = (configured, "" if configured else path)
    if cache_key not in _key_cache:
        pem = configured.encode("ascii") if configured else _key_file_read_or_create(Path(path))
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("LEARNING_CREDENTIAL_KEY must be an Ed25519 private key (PEM).")
        _key_cache[cache_key] = key
    return _key_cache[cache_key]


def public_key() -> Ed25519PublicKey:
    return signing_key().public_key()


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_multibase(key: Ed25519PublicKey | None = None) -> str:
    return "z" + base58btc(_ED25519_MULTICODEC + _raw_public(key or public_key()))


def key_id() -> str:
    """A short, stable name of the current public key (its SHA-256, as in a JWK thumbprint)."""
    return _b64url(hashlib.sha256(_raw_public(public_key())).digest())[:16]


def issuer_id() -> str:
    return settings.SITE_URL + reverse("learning:credential-issuer")


def verification_method() -> str:
    return f"{issuer_id()}#{key_id()}"


def issuer_profile() -> dict[str, Any]:
    """The issuer's Profile, with the key that signs its credentials (a Multikey)."""
    method = verification_method()
    return {
        "@context": [*CONTEXTS, "https://w3id.org/security/multikey/v1"],
        "id": issuer_id(),
        "type": ["Profile"],
        "name": settings.SITE_NAME,
        "url": settings.SITE_URL,
        "verificationMethod": [
            {
                "id": method,
                "type": "Multikey",
                "controller": issuer_id(),
                "publicKeyMultibase": public_key_multibase(),
            }
        ],
        "assertionMethod": [method],
    }


def jwks() -> dict[str, Any]:
    return {
        "keys": [
            {
                "kty": "OKP",
                "crv": "Ed25519",
                "x": _b64url(_raw_public(public_key())),
                "kid": verification_method(),
                "use": "sig",
                "alg": "EdDSA",
            }
        ]
    }


# --- signing and verifying ------------------------------------------------------------------------


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _hash_data(document: dict[str, Any], proof_options: dict[str, Any]) -> bytes:
    config = {**proof_options, "@context": document["@context"]}
    return hashlib.sha256(jcs(config)).digest() + hashlib.sha256(jcs(document)).digest()


def sign(document: dict[str, Any], *, created: datetime) -> dict[str, Any]:
    """`document` with a Data Integrity proof (eddsa-jcs-2022) by the platform's key."""
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": _iso(created),
        "verificationMethod": verification_method(),
        "proofPurpose": "assertionMethod",
    }
    signature = signing_key().sign(_hash_data(unsigned, options))
    return {**unsigned, "proof": {**options, "proofValue": "z" + base58btc(signature)}}


@dataclass
class Verification:
    valid: bool
    reason: str = ""
    credential: dict[str, Any] = field(default_factory=dict)


def verify(credential: Any, *, key: Ed25519PublicKey | None = None) -> Verification:
    """Whether `credential` carries a good proof by the platform's key (or `key`). Never raises:
    anything malformed is simply not valid, with the reason."""
    if not isinstance(credential, dict):
        return Verification(False, "This is not a credential (a JSON object).")
    proof = credential.get("proof")
    if not isinstance(proof, dict):
        return Verification(False, "The credential has no proof.")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        return Verification(False, f"Only {CRYPTOSUITE} Data Integrity proofs are checked here.")
    if key is None and proof.get("verificationMethod") != verification_method():
        return Verification(False, "The credential was not signed with this platform's key.")
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        return Verification(False, "The proof value is not multibase base58btc.")
    try:
        signature = base58btc_decode(value[1:])
        options = {name: item for name, item in proof.items() if name != "proofValue"}
        unsigned = {name: item for name, item in credential.items() if name != "proof"}
        if not isinstance(unsigned.get("@context"), list):
            return Verification(False, "The credential has no @context.")
        (key or public_key()).verify(signature, _hash_data(unsigned, options))
    except InvalidSignature:
        return Verification(False, "The signature does not match: the credential was changed.")
    except (ValueError, TypeError):
        return Verification(False, "The credential could not be read.")
    return Verification(True, "", copy.deepcopy(credential))


def parse_json(text: str | bytes) -> Any:
    try:
        return json.loads(text)
    except (ValueError, UnicodeDecodeError):
        return None


# --- building credentials -------------------------------------------------------------------------


def credential_document(
    *,
    credential_id: str,
    name: str,
    description: str,
    achievement_id: str,
    achievement_type: str,
    criteria: str,
    image_url: str,
    holder_name: str,
    holder_email: str,
    salt: str,
    valid_from: datetime,
) -> dict[str, Any]:
    """An unsigned OpenBadgeCredential. The holder is named by a salted hash of their e-mail
    address (OB 3.0 IdentityObject), so the credential does not publish the address itself."""
    identity = "sha256$" + hashlib.sha256((holder_email.strip().lower() + salt).encode()).hexdigest()
    return {
        "@context": list(CONTEXTS),
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "issuer": {
            "id": issuer_id(),
            "type": ["Profile"],
            "name": settings.SITE_NAME,
            "url": settings.SITE_URL,
        },
        "validFrom": _iso(valid_from),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": holder_name,
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": identity,
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": salt,
                }
            ],
            "achievement": {
                "id": achievement_id,
                "type": ["Achievement"],
                "achievementType": achievement_type,
                "name": name,
                "description": description,
                "criteria": {"narrative": criteria},
                "image": {"id": image_url, "type": "Image"},
            },
        },
    }


# --- badge images ---------------------------------------------------------------------------------


def badge_png(*, label: str, rarity: str, size: int = 256) -> bytes:
    """A round badge in the rarity's colour with a short label (an achievement's icon text)."""
    colour = RARITY_COLOURS.get(rarity, RARITY_COLOURS["common"])
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, size - 4, size - 4), fill=colour, outline=(255, 255, 255), width=6)
    font = ImageFont.load_default(size=size // 4)
    text = (label or "?")[:4]
    box = draw.textbbox((0, 0), text, font=font)
    draw.text(
        ((size - (box[2] - box[0])) / 2 - box[0], (size - (box[3] - box[1])) / 2 - box[1]),
        text,
        fill=(255, 255, 255),
        font=font,
    )
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def bake(png: bytes, credential: dict[str, Any]) -> bytes:
    """The PNG with the credential in one iTXt chunk `openbadgecredential` (uncompressed, as
    the Open Badges baking spec says), replacing any credential it already held."""
    image = Image.open(BytesIO(png))
    info = PngImagePlugin.PngInfo()
    for keyword, value in getattr(image, "text", {}).items():
        if keyword != PNG_KEYWORD:
            info.add_text(keyword, value)
    info.add_itxt(PNG_KEYWORD, json.dumps(credential, ensure_ascii=False), zip=False)
    out = BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def unbake(png: bytes) -> dict[str, Any] | None:
    """The credential baked into a PNG, or None (not a PNG, none baked, not JSON)."""
    try:
        image = Image.open(BytesIO(png))
        if image.format != "PNG":
            return None
        image.load()
        text = getattr(image, "text", {}).get(PNG_KEYWORD)
    except (OSError, ValueError, SyntaxError):
        return None
    found = parse_json(text) if text else None
    return found if isinstance(found, dict) else None
