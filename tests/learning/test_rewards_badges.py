"""Open Badges 3.0 credentials: signed with the platform's Ed25519 key (Data Integrity,
eddsa-jcs-2022), checked with the published public key alone, refused when one byte changes,
baked into a PNG (iTXt `openbadgecredential`), and checked by the public verification page."""

from __future__ import annotations

import base64
import hashlib
import json
from io import BytesIO

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone
from PIL import Image

from learning.services import badges
from learning.services.achievements import award_badge, award_credential
from learning.services.certificates import certificate_badge, certificate_credential, certificate_issue
from learning.services.points import points_award
from tests.factories import UserFactory
from tests.learning.rewards_factories import completed_enrollment, ensure_achievements

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    return certificate_issue(enrollment=completed_enrollment(UserFactory(full_name="Grace Hopper")))


def published_key(client: Client) -> Ed25519PublicKey:
    """The public key as anyone gets it: the issuer profile's Multikey, cross-checked with the JWKS."""
    profile = client.get("/credentials/issuer").json()
    multibase = profile["verificationMethod"][0]["publicKeyMultibase"]
    raw = badges.base58btc_decode(multibase[1:])
    assert raw[:2] == b"\xed\x01"
    jwk = client.get("/credentials/jwks.json").json()["keys"][0]
    assert base64.urlsafe_b64decode(jwk["x"] + "==") == raw[2:]
    assert jwk["kid"] == profile["verificationMethod"][0]["id"]
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def test_a_certificate_credential_verifies_with_the_published_public_key(certificate):
    credential = certificate_credential(certificate)
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["credentialSubject"]["achievement"]["achievementType"] == "Certificate"
    assert credential["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    assert "grace" not in json.dumps(credential["credentialSubject"]["identifier"]).lower()  # hashed e-mail
    assert badges.verify(credential, key=published_key(Client())).valid
    assert certificate_credential(certificate) == credential  # deterministic


def test_the_proof_is_the_one_the_spec_describes(certificate):
    """Recomputed by hand from eddsa-jcs-2022: SHA-256(JCS(proof options + @context)) followed
    by SHA-256(JCS(credential without proof)), signed with Ed25519."""
    credential = certificate_credential(certificate)
    proof = dict(credential["proof"])
    signature = badges.base58btc_decode(proof.pop("proofValue")[1:])
    unsigned = {key: value for key, value in credential.items() if key != "proof"}

    def canonical(value) -> bytes:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    data = (
        hashlib.sha256(canonical({**proof, "@context": credential["@context"]})).digest()
        + hashlib.sha256(canonical(unsigned)).digest()
    )
    published_key(Client()).verify(signature, data)  # raises if not


def test_changing_one_byte_breaks_the_credential(certificate):
    text = json.dumps(certificate_credential(certificate))
    assert badges.verify(json.loads(text)).valid
    for old, new in [("Grace Hopper", "Grace Hoppes"), ('"validFrom": "2', '"validFrom": "3')]:
        tampered = json.loads(text.replace(old, new, 1))
        assert not badges.verify(tampered).valid
    signature_changed = json.loads(text)
    value = signature_changed["proof"]["proofValue"]
    signature_changed["proof"]["proofValue"] = value[:-1] + ("A" if value[-1] != "A" else "B")
    assert not badges.verify(signature_changed).valid


def test_another_key_does_not_verify(certificate):
    credential = certificate_credential(certificate)
    assert not badges.verify(credential, key=Ed25519PrivateKey.generate().public_key()).valid


@pytest.mark.parametrize(
    "junk", [None, [], "text", {}, {"proof": "x"}, {"proof": {"type": "DataIntegrityProof"}}]
)
def test_junk_is_not_valid_and_never_raises(junk):
    assert not badges.verify(junk).valid


def test_the_key_comes_from_settings_when_given(certificate, tmp_path):
    from cryptography.hazmat.primitives import serialization

    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    with override_settings(LEARNING_CREDENTIAL_KEY=pem):
        credential = certificate_credential(certificate)
        assert badges.verify(credential).valid
    assert badges.verify(credential, key=key.public_key()).valid
    assert not badges.verify(credential).valid  # the default key did not sign it
    with override_settings(LEARNING_CREDENTIAL_KEY=pem.replace("\n", "\\n")):  # one env line
        assert badges.verify(credential).valid


def test_without_a_configured_key_one_is_generated_once_into_the_key_file(tmp_path):
    path = tmp_path / "private" / "key.pem"
    with override_settings(LEARNING_CREDENTIAL_KEY="", LEARNING_CREDENTIAL_KEY_FILE=str(path)):
        first = badges.public_key_multibase()
        assert path.exists()
        assert oct(path.stat().st_mode & 0o777) == "0o600"
        badges._key_cache.clear()
        assert badges.public_key_multibase() == first


def test_the_badge_png_carries_the_credential_and_one_changed_byte_breaks_it(certificate):
    png = certificate_badge(certificate)
    image = Image.open(BytesIO(png))
    assert image.format == "PNG"
    baked = badges.unbake(png)
    assert baked == certificate_credential(certificate)
    assert badges.verify(baked).valid
    # One byte of the holder's name inside the iTXt chunk, chunk CRC fixed up so the PNG still reads.
    tampered = _retext(png, b"Grace Hopper", b"Grace Hoppes")
    found = badges.unbake(tampered)
    assert found is not None and not badges.verify(found).valid


def _retext(png: bytes, old: bytes, new: bytes) -> bytes:
    import struct
    import zlib

    out, position = [png[:8]], 8
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        data = png[position + 8 : position + 8 + length]
        if kind == b"iTXt":
            data = data.replace(old, new)
        out.append(struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data)))
        position += 12 + length
    return b"".join(out)


def test_an_achievement_credential_and_badge(certificate):
    ensure_achievements()
    user = certificate.user
    result = points_award(user=user, source="review", reference="review:1", description="r")
    award = next(award for award in result.achievements_unlocked if award.achievement.slug == "reviewer")
    credential = award_credential(award)
    assert credential["credentialSubject"]["achievement"]["name"] == "Reviewer"
    assert badges.verify(credential).valid
    assert badges.unbake(award_badge(award)) == credential
    owner = Client()
    owner.force_login(user)
    assert owner.get(f"/achievements/awards/{award.pk}/credential.json").json() == credential
    assert owner.get(f"/achievements/awards/{award.pk}/badge.png")["Content-Type"] == "image/png"
    other = Client()
    other.force_login(UserFactory())
    assert other.get(f"/achievements/awards/{award.pk}/credential.json").status_code == 404
    assert Client().get(f"/achievements/{award.achievement.slug}/icon.png").status_code == 200


def test_the_verification_page_checks_a_pasted_or_uploaded_credential(certificate):
    client = Client()
    credential = certificate_credential(certificate)
    pasted = client.post("/certificates/verify", {"credential": json.dumps(credential)})
    assert "Valid credential" in pasted.content.decode()
    assert certificate.verification_code in pasted.content.decode()
    upload = SimpleUploadedFile("badge.png", certificate_badge(certificate), content_type="image/png")
    assert "Valid credential" in client.post("/certificates/verify", {"badge": upload}).content.decode()
    changed = json.dumps(credential).replace("Grace Hopper", "Grace Hoppes")
    refused = client.post("/certificates/verify", {"credential": changed}).content.decode()
    assert "Not a valid credential" in refused
    assert "was changed" in refused
    empty = client.post("/certificates/verify", {"credential": ""})
    assert "Paste a credential or choose a file." in empty.content.decode()
    garbage = client.post("/certificates/verify", {"credential": "{not json"}).content.decode()
    assert "No credential could be read" in garbage


def test_a_revoked_certificates_credential_no_longer_checks_out(certificate):
    from learning.services.certificates import certificate_revoke, credential_check

    credential = certificate_credential(certificate)
    assert credential_check(credential)["valid"]
    certificate_revoke(certificate_id=certificate.pk, actor=None, reason="Withdrawn", now=timezone.now())
    outcome = credential_check(credential)
    assert (outcome["valid"], outcome["reason"]) == (False, "This certificate was revoked.")
