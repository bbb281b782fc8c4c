"""The receipt as a PDF (ReportLab: pure Python, no system libraries to install). Amounts are\nworded as on the receipt page, in the locale of whoever downloads it."""

from __future__ import annotations

from io import BytesIO

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.money import format_money


def receipt_pdf(*, payment, receipt: dict) -> bytes:
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"Receipt {receipt['receipt_number']}",
        author=settings.SITE_NAME,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
    )
    styles = getSampleStyleSheet()
    currency = receipt["currency"]
    story = [
        Paragraph(f"{settings.SITE_NAME} receipt", styles["Title"]),
        Paragraph(f"Receipt number: {receipt['receipt_number']}", styles["Normal"]),
        Paragraph(f"Paid on: {receipt['paid_at']:%d %B %Y %H:%M} UTC", styles["Normal"]),
        Paragraph(f"Paid by: {payment.payer.display_name} ({payment.payer.email})", styles["Normal"]),
        Spacer(1, 8 * mm),
    ]
    rows = [["Item", "Amount"]]
    rows += [
        [Paragraph(line["label"], styles["Normal"]), format_money(line["amount"], currency)]
        for line in receipt["lines"]
    ]
    rows += [
        ["Total paid", format_money(receipt["total_paid"], currency)],
        ["Refunded", format_money(receipt["total_refunded"], currency)],
        ["Net", format_money(receipt["net"], currency)],
    ]
    table = Table(rows, colWidths=[120 * mm, 45 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEABOVE", (0, -3), (-1, -3), 0.8, colors.black),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    document.build(story)
    return buffer.getvalue()
