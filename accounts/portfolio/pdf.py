"""The resume as a PDF (ReportLab), in a Unicode font shipped inside a Python package.

ReportLab's built-in Helvetica knows Latin-1 only: "Анна" or "Łukasz" would come out as black
boxes. Noto Sans (fontpkg-noto-sans, OFL) covers Latin, Greek and Cyrillic; it is embedded
(subset) in every PDF, so the file shows the same on any reader. The font is a variable font;
ReportLab draws its default instance (Regular), and headings differ by size, not weight.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer

FONT = "MentoraNotoSans"


@cache
def font_name() -> str:
    import fontpkg_noto_sans

    path = Path(fontpkg_noto_sans.ROOT) / "files" / "NotoSans[wdth,wght].ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(path)))
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    font = font_name()
    ink = colors.HexColor("#1f2937")
    return {
        "name": ParagraphStyle("name", fontName=font, fontSize=22, leading=27, textColor=ink),
        "meta": ParagraphStyle(
            "meta", fontName=font, fontSize=9.5, leading=13, textColor=colors.HexColor("#4b5563")
        ),
        "heading": ParagraphStyle(
            "heading", fontName=font, fontSize=13.5, leading=18, spaceBefore=10, spaceAfter=3, textColor=ink
        ),
        "body": ParagraphStyle("body", fontName=font, fontSize=10, leading=14, textColor=ink),
        "item": ParagraphStyle("item", fontName=font, fontSize=10, leading=14, leftIndent=10, textColor=ink),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    # Paragraph reads a little markup; names and titles are the user's text, so escape them.
    return Paragraph(escape(text), style)


def resume_pdf(data: dict) -> bytes:
    """The PDF of one resume version's json_data (the same facts the API returns)."""
    styles = _styles()
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"Resume of {data['name']}",
        author=data["name"],
        creator="Mentora",
    )
    story: list = [_p(data["name"], styles["name"])]
    meta = [part for part in (data.get("location"), data.get("portfolio_url")) if part]
    meta.append(f"Generated on {data['generated_on']}")
    story.append(_p(" · ".join(meta), styles["meta"]))
    story.append(Spacer(1, 4))
    story.append(HRFlowable(width="100%", thickness=0.6, color=colors.HexColor("#9ca3af")))

    def section(title: str, lines: list[str]) -> None:
        if not lines:
            return
        story.append(_p(title, styles["heading"]))
        for line in lines:
            story.append(_p("• " + line, styles["item"]))

    story.append(_p("Summary", styles["heading"]))
    story.append(_p(data["summary"], styles["body"]))
    section("Skills", [f"{skill['name']} — {skill['level']}" for skill in data["skills"]])
    section(
        "Experience",
        [
            f"{item['title']} with {item['mentor']} — {item['duration']}, "
            f"{item['started_on']} to {item['ended_on']}"
            for item in data["experience"]
        ],
    )
    section(
        "Courses",
        [
            f"{item['title']} ({item['type']}, {item['provider']}) — "
            + (f"{item['duration']}, " if item["minutes"] else "")
            + f"completed {item['completed_on']}"
            for item in data["courses"]
        ],
    )
    section(
        "Certificates",
        [
            f"{item['title']} — issued {item['issued_on']}, code {item['verification_code']}"
            for item in data["certificates"]
        ],
    )
    section(
        "Achievements",
        [
            f"{item['name']} — {item['description']} (earned {item['earned_on']})"
            for item in data["achievements"]
        ],
    )
    stats = data.get("mentor_stats")
    if stats:
        section(
            "Mentoring",
            [
                f"{stats['total_sessions_completed']} sessions given, rated {stats['average_rating']} "
                f"from {stats['total_reviews']} reviews, {stats['years_of_experience']} years of experience"
            ],
        )
    document.build(story)
    return out.getvalue()
