"""Certificates: one per completed course or workshop enrollment, with a public verification
code shaped PREFIX-YEAR-six letters or digits (API.md §6), a PDF, and an Open Badges 3.0 credential.

The code's six characters come from `secrets` over 31 unambiguous letters and digits (about
887 million codes a year): a code cannot be derived from anything else, and lookups are rate
limited, so guessing one is hopeless. Staff revoke a certificate through `certificate_revoke`
(the admin action calls it), which is audited; a revoked certificate verifies as not valid.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime
from io import BytesIO

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from accounts.services.audit import audit_entry_create
from core.errors import NotFound, ValidationFailed
from core.locks import busy_as_error
from learning.models import CERTIFIED_TYPES, Certificate
from learning.services import badges
from messaging.services import notify

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: read aloud or typed, unambiguous
CODE_LENGTH = 6
_CODE_TRIES = 5


def new_code(*, year: int) -> str:
    suffix = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{settings.LEARNING_CERTIFICATE_PREFIX}-{year}-{suffix}"


def normalise_code(code: str) -> str:
    return (code or "").strip().upper()


def certificate_issue(*, enrollment, now: datetime | None = None) -> Certificate | None:
    """Issue the certificate of a completed enrollment, once: a second call (a repeated signal,
    a race) returns the one already issued. None for types that carry no certificate."""
    opportunity = enrollment.opportunity
    if opportunity.type not in CERTIFIED_TYPES:
        return None
    now = now or timezone.now()
    with transaction.atomic():
        existing = Certificate.objects.filter(enrollment=enrollment).first()
        if existing is not None:
            return existing
        user = enrollment.user
        for _ in range(_CODE_TRIES):
            try:
                with transaction.atomic():
                    certificate = Certificate.objects.create(
                        user=user,
                        enrollment=enrollment,
                        verification_code=new_code(year=now.year),
                        holder_name=user.display_name,
                        opportunity_title=opportunity.title,
                        opportunity_type=opportunity.type,
                        issued_at=now,
                        salt=secrets.token_hex(16),
                    )
                break
            except IntegrityError:
                existing = Certificate.objects.filter(enrollment=enrollment).first()
                if existing is not None:  # a racing call issued it
                    return existing
                # else the code was taken: draw another
        else:
            raise RuntimeError("Could not draw a free certificate code.")
        notify(
            user=user,
            type="certificate_issued",
            title=f"Your certificate for {opportunity.title}",
            body=f"Verification code {certificate.verification_code}",
            action_url=reverse("learning:certificates"),
            data={"certificate_id": certificate.pk, "verification_code": certificate.verification_code},
            dedupe_key=f"certificate:{certificate.pk}",
        )
    return certificate


def certificate_revoke(*, certificate_id, actor, reason: str, request=None, now=None) -> Certificate:
    """Staff withdraw a certificate (audited). Revoking twice changes nothing."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed.for_field("reason", "Say why the certificate is revoked.")
    now = now or timezone.now()
    with transaction.atomic(), busy_as_error():
        certificate = Certificate.objects.select_for_update().filter(pk=certificate_id).first()
        if certificate is None:
            raise NotFound("Certificate not found.")
        if certificate.revoked_at is None:
            certificate.revoked_at = now
            certificate.revoked_reason = reason[:300]
            certificate.revoked_by = actor
            certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
            audit_entry_create(
                actor=actor,
                action="learning.certificate_revoke",
                target=certificate,
                details={"verification_code": certificate.verification_code, "reason": reason},
                request=request,
            )
    return certificate


# --- what a certificate looks like ----------------------------------------------------------------


def verification_url(certificate: Certificate) -> str:
    return settings.SITE_URL + reverse(
        "learning:certificate-verify-code", args=[certificate.verification_code]
    )


def certificate_credential(certificate: Certificate) -> dict:
    """The certificate as a signed OpenBadgeCredential (the same bytes every time: Ed25519
    signatures are deterministic and every field comes from the stored row)."""
    kind = "workshop" if certificate.opportunity_type == "workshop" else "course"
    document = badges.credential_document(
        credential_id=f"urn:uuid:{certificate.pk}",
        name=certificate.opportunity_title,
        description=f"Completed the {kind} “{certificate.opportunity_title}” on {settings.SITE_NAME}.",
        achievement_id=f"urn:uuid:{certificate.enrollment.opportunity_id}",
        achievement_type="Certificate",
        criteria=f"Complete every lesson of the {kind}. Verify at {verification_url(certificate)}",
        image_url=settings.SITE_URL + reverse("learning:certificate-image"),
        holder_name=certificate.holder_name,
        holder_email=certificate.user.email,
        salt=certificate.salt,
        valid_from=certificate.issued_at,
    )
    return badges.sign(document, created=certificate.issued_at)


def certificate_badge(certificate: Certificate) -> bytes:
    png = badges.badge_png(label="CERT", rarity="certificate")
    return badges.bake(png, certificate_credential(certificate))


def certificate_pdf(certificate: Certificate) -> bytes:
    buffer = BytesIO()
    width, height = landscape(A4)
    page = canvas.Canvas(buffer, pagesize=(width, height))
    page.setTitle(f"Certificate {certificate.verification_code}")
    page.setAuthor(settings.SITE_NAME)
    page.setStrokeColor(colors.HexColor("#1b5e20"))
    page.setLineWidth(3)
    page.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    centre = width / 2
    page.setFont("Helvetica-Bold", 34)
    page.drawCentredString(centre, height - 50 * mm, "Certificate of completion")
    page.setFont("Helvetica", 16)
    page.drawCentredString(centre, height - 70 * mm, "This certifies that")
    page.setFont("Helvetica-Bold", 26)
    page.drawCentredString(centre, height - 88 * mm, certificate.holder_name)
    page.setFont("Helvetica", 16)
    kind = "workshop" if certificate.opportunity_type == "workshop" else "course"
    page.drawCentredString(centre, height - 104 * mm, f"has completed the {kind}")
    page.setFont("Helvetica-Bold", 20)
    page.drawCentredString(centre, height - 120 * mm, certificate.opportunity_title[:90])
    page.setFont("Helvetica", 12)
    page.drawCentredString(
        centre, height - 140 * mm, f"Issued by {settings.SITE_NAME} on {certificate.issued_at:%d %B %Y}"
    )
    page.drawCentredString(centre, 34 * mm, f"Verification code: {certificate.verification_code}")
    page.drawCentredString(centre, 26 * mm, f"Check it at {verification_url(certificate)}")
    if certificate.is_revoked:
        page.setFillColor(colors.red)
        page.setFont("Helvetica-Bold", 40)
        page.drawCentredString(centre, height / 2 - 60 * mm, "REVOKED")
    page.showPage()
    page.save()
    return buffer.getvalue()


# --- checking a credential ------------------------------------------------------------------------


def credential_check(credential) -> dict:
    """What the public verification page says about a pasted or uploaded credential: whether
    its proof holds with the platform's key and, when it names a certificate or award issued
    here, whether that still stands (a revoked certificate is not valid any more)."""
    from learning.models import AchievementAward

    result = badges.verify(credential)
    outcome = {"valid": result.valid, "reason": result.reason, "name": "", "holder_name": "", "issued_at": ""}
    if not result.valid:
        return outcome
    subject = credential.get("credentialSubject") or {}
    outcome.update(
        name=str(credential.get("name", "")),
        holder_name=str(subject.get("name", "")) if isinstance(subject, dict) else "",
        issued_at=str(credential.get("validFrom", "")),
    )
    ident = str(credential.get("id", ""))
    try:
        record_id = uuid.UUID(ident.removeprefix("urn:uuid:")) if ident.startswith("urn:uuid:") else None
    except ValueError:
        record_id = None
    certificate = Certificate.objects.filter(pk=record_id).first() if record_id else None
    if certificate is None and not (record_id and AchievementAward.objects.filter(pk=record_id).exists()):
        outcome.update(valid=False, reason="The credential is signed but names nothing issued here.")
    if certificate is not None:
        outcome["verification_code"] = certificate.verification_code
        if certificate.is_revoked:
            outcome.update(valid=False, reason="This certificate was revoked.")
    return outcome
