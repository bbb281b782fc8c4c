"""Forms of the payments pages: they check shape only; the rules live in payments.services."""

from __future__ import annotations

from decimal import Decimal

from django import forms


class TestCardForm(forms.Form):
    """The offline gateway's card form (Stripe Elements takes its place with real keys)."""

    card_number = forms.CharField(
        label="Card number",
        max_length=23,
        help_text="Test cards: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined, "
        "4000 0025 0000 3155 asks for authentication.",
        widget=forms.TextInput(
            attrs={"autocomplete": "cc-number", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    expiry = forms.RegexField(
        label="Expiry date (MM/YY)",
        regex=r"^\s*(0[1-9]|1[0-2])\s*/\s*(\d{2})\s*$",
        error_messages={"invalid": "Enter the expiry date as MM/YY, for example 12/34."},
        widget=forms.TextInput(
            attrs={"autocomplete": "cc-exp", "inputmode": "numeric", "placeholder": "MM/YY"}
        ),
    )
    cvc = forms.RegexField(
        label="Security code (CVC)",
        regex=r"^\d{3,4}$",
        error_messages={"invalid": "Enter the 3 or 4 digits on the back of the card."},
        widget=forms.TextInput(attrs={"autocomplete": "cc-csc", "inputmode": "numeric"}),
    )

    def expiry_parts(self) -> tuple[int, int]:
        month, year = (part.strip() for part in self.cleaned_data["expiry"].split("/"))
        return int(month), 2000 + int(year)


class CreditPurchaseForm(forms.Form):
    credits = forms.IntegerField(
        label="Credits to buy",
        min_value=1,
        max_value=1000,
        initial=10,
        help_text="A session usually costs 1 credit.",
    )


class PackageForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    session_count = forms.IntegerField(label="Number of sessions", min_value=1, max_value=100)
    price = forms.DecimalField(label="Price", min_value=Decimal("0"), max_digits=12, decimal_places=2)
    duration_minutes = forms.TypedChoiceField(
        label="Session length",
        coerce=int,
        choices=[(30, "30 minutes"), (45, "45 minutes"), (60, "60 minutes"), (90, "90 minutes")],
        initial=60,
    )
    validity_days = forms.IntegerField(
        label="Valid for (days)",
        min_value=1,
        max_value=3650,
        initial=90,
        help_text="Counted from the purchase.",
    )
    is_active = forms.BooleanField(label="On sale", required=False, initial=True)
