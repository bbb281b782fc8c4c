"""Reference lists and the checks made against them: countries, languages, currencies, phone codes,
time zones.

Every list is generated from a maintained library (pycountry for ISO 3166/639/4217, babel for
CLDR names, symbols and which currencies are legal tender today, phonenumbers for calling codes,
zoneinfo for IANA time zones), never typed by hand. Each is built once per process: the data
only changes when a library is upgraded, which means a restart.
"""

from __future__ import annotations

import re
from functools import cache

import phonenumbers
import pycountry
from babel import Locale, UnknownLocaleError
from babel.numbers import get_currency_name, get_currency_symbol

from core import money
from core.timezones import zone_names

LANGUAGE_TAG = re.compile(r"^(?P<language>[A-Za-z]{2})(?:[-_](?P<region>[A-Za-z]{2}))?$")

# Language skill levels of EduStream's /utils/proficiency-levels; a product list, not ISO data.
LANGUAGE_PROFICIENCY_LEVELS = [
    {"code": "beginner", "name": "Beginner"},
    {"code": "intermediate", "name": "Intermediate"},
    {"code": "advanced", "name": "Advanced"},
    {"code": "native", "name": "Native"},
]


def _country_name(country) -> str:
    return getattr(country, "common_name", None) or country.name


@cache
def countries() -> list[dict[str, str]]:
    rows = [{"code": c.alpha_2, "name": _country_name(c)} for c in pycountry.countries]
    return sorted(rows, key=lambda row: row["name"])


@cache
def country_codes() -> frozenset[str]:
    return frozenset(row["code"] for row in countries())


@cache
def languages() -> list[dict[str, str]]:
    """ISO 639-1 languages, named as CLDR names them in English where it knows them."""
    rows = []
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        if not code:
            continue
        try:
            name = Locale(code).get_display_name("en") or language.name
        except UnknownLocaleError:
            name = language.name
        rows.append({"code": code, "name": name[:1].upper() + name[1:]})
    return sorted(rows, key=lambda row: row["name"])


@cache
def language_codes() -> frozenset[str]:
    return frozenset(row["code"] for row in languages())


@cache
def currencies() -> list[dict[str, str]]:
    """ISO 4217 currencies that are legal tender in some country today (CLDR), so funds, metals
    and withdrawn currencies are not offered."""
    rows = [
        {
            "code": code,
            "symbol": get_currency_symbol(code, locale="en"),
            "name": get_currency_name(code, locale="en"),
        }
        for code in money.currency_codes()
    ]
    return sorted(rows, key=lambda row: row["code"])


currency_codes = money.currency_codes


@cache
def phone_codes() -> list[dict[str, str]]:
    rows = []
    for region in phonenumbers.SUPPORTED_REGIONS:
        country = pycountry.countries.get(alpha_2=region)
        if country is None:  # e.g. Ascension Island (AC): a numbering region, not an ISO country
            continue
        rows.append(
            {
                "country": region,
                "name": _country_name(country),
                "code": f"+{phonenumbers.country_code_for_region(region)}",
            }
        )
    return sorted(rows, key=lambda row: row["name"])


def time_zones() -> frozenset[str]:
    return zone_names()


# --- checks: each returns the normalised value, or None when the value is not on the list ---


def normalize_country(value: str) -> str | None:
    code = (value or "").strip().upper()
    return code if code in country_codes() else None


normalize_currency = money.normalize_currency


def normalize_language(value: str) -> str | None:
    """An ISO 639-1 code, optionally with a region: "en", "pt-BR" (also "pt_br")."""
    match = LANGUAGE_TAG.match((value or "").strip())
    if not match:
        return None
    language = match["language"].lower()
    if language not in language_codes():
        return None
    region = match["region"]
    if region is None:
        return language
    region = region.upper()
    return f"{language}-{region}" if region in country_codes() else None


def normalize_time_zone(value: str) -> str | None:
    name = (value or "").strip()
    return name if name in time_zones() else None


def normalize_phone(value: str, *, region: str | None = None) -> str | None:
    """E.164 for a valid number. Without a leading + the number is read in `region`."""
    try:
        number = phonenumbers.parse((value or "").strip(), region or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
