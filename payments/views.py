"""Site pages of payments. They call the same services and selectors as the API; forms only
check shape."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import add_domain_error
from core.errors import DomainError
from core.http import download
from core.throttling import page_rate_limit
from mentors import selectors as mentor_selectors
from mentors.models import MentorStatus
from payments import charts, selectors, services
from payments.forms import CreditPurchaseForm, PackageForm, TestCardForm
from payments.gateways import get_gateway
from payments.models import OfflineAccount, OfflineIntent, PaymentStatus
from payments.receipts import receipt_pdf
from payments.registry import PayableKind

PAGE_SIZE = 20


def _data(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _next_url(request: HttpRequest) -> str | None:
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False):
        return url
    return None


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _own_payment(request: HttpRequest, payment_id):
    try:
        return selectors.payment_get_for_user(user=request.user, payment_id=payment_id)
    except DomainError:
        raise Http404("No such payment") from None


def _approved_mentor(request: HttpRequest):
    mentor = mentor_selectors.mentor_get_for_owner(user=request.user)
    if mentor is None or mentor.status != MentorStatus.APPROVED:
        raise Http404("Only approved mentors have this page")
    return mentor


# --- history, receipts ----------------------------------------------------------------------------


@login_required
def history(request: HttpRequest) -> HttpResponse:
    page = _page(request, selectors.payment_list_for_user(user=request.user))
    return render(request, "payments/history.html", {"page": page})


@login_required
def receipt(request: HttpRequest, payment_id) -> HttpResponse:
    payment = _own_payment(request, payment_id)
    if not payment.receipt_number:
        raise Http404("No receipt before the payment succeeds")
    return render(
        request,
        "payments/receipt.html",
        {"payment": payment, "receipt": selectors.receipt_for(payment=payment)},
    )


@login_required
def receipt_download(request: HttpRequest, payment_id) -> HttpResponse:
    payment = _own_payment(request, payment_id)
    if not payment.receipt_number:
        raise Http404("No receipt before the payment succeeds")
    pdf = receipt_pdf(payment=payment, receipt=selectors.receipt_for(payment=payment))
    return download(
        pdf, content_type="application/pdf", filename=f"receipt-{payment.receipt_number}.pdf", private=True
    )


# --- checkout -----------------------------------------------------------------------------------


def _after_payment(request: HttpRequest, payment) -> HttpResponse:
    if payment.is_paid:
        messages.success(request, f"Payment received. Receipt {payment.receipt_number}.")
        return redirect(_next_url(request) or reverse("payments:receipt", args=[payment.pk]))
    return redirect(reverse("payments:checkout", args=[payment.pk]) + _next_query(request))


def _next_query(request: HttpRequest) -> str:
    url = _next_url(request)
    return f"?next={url}" if url else ""


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
@page_rate_limit("payments")
def checkout(request: HttpRequest, payment_id) -> HttpResponse:
    payment = _own_payment(request, payment_id)
    if payment.payer_id != request.user.pk:
        raise Http404("Only the payer checks out")
    if payment.is_paid:
        return redirect("payments:receipt", payment.pk)
    gateway = get_gateway()
    expired = payment.status == PaymentStatus.FAILED and payment.failure_code == "expired"
    if payment.status == PaymentStatus.REQUIRES_PAYMENT and payment.expires_at <= timezone.now():
        expired = True
    form = TestCardForm(_data(request)) if gateway.name == "offline" else None
    if request.method == "POST" and form is not None and not expired and form.is_valid():
        month, year = form.expiry_parts()
        try:
            state = gateway.confirm_card(
                client_secret=payment.client_secret,
                number=form.cleaned_data["card_number"],
                exp_month=month,
                exp_year=year,
                cvc=form.cleaned_data["cvc"],
            )
            payment = services.payment_confirm(payment=payment)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if state.status == "requires_action" and state.next_action_url:
                return redirect(state.next_action_url + _next_query(request))
            if payment.is_paid:
                return _after_payment(request, payment)
            form.add_error(None, state.last_error_message or "The payment did not go through.")
    context = {
        "payment": payment,
        "form": form,
        "expired": expired,
        "gateway": gateway.name,
        "publishable_key": gateway.publishable_key,
        "next": _next_url(request),
        "return_url": settings.SITE_URL
        + reverse("payments:checkout-return", args=[payment.pk])
        + _next_query(request),
    }
    return render(request, "payments/checkout.html", context)


@login_required
@never_cache
def checkout_return(request: HttpRequest, payment_id) -> HttpResponse:
    """Where Stripe sends the browser back (e.g. after 3-D Secure): re-read and apply."""
    payment = _own_payment(request, payment_id)
    try:
        payment = services.payment_confirm(payment=payment)
    except DomainError as error:
        messages.error(request, error.message)
    if payment.status == PaymentStatus.FAILED:
        messages.error(request, payment.failure_message or "The payment did not go through.")
    return _after_payment(request, payment)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def offline_authenticate(request: HttpRequest, client_secret: str) -> HttpResponse:
    """Stands in for the bank's 3-D Secure page of the test card 4000 0025 0000 3155."""
    intent = OfflineIntent.objects.filter(client_secret=client_secret).first()
    payment = None
    if intent is not None:
        payment = selectors.payment_list_for_user(user=request.user).filter(intent_id=intent.id).first()
    if payment is None:
        raise Http404("No such payment")
    if request.method == "POST":
        get_gateway().complete_authentication(
            client_secret=client_secret, approve=request.POST.get("decision") == "approve"
        )
        payment = services.payment_confirm(payment=payment)
        if payment.status == PaymentStatus.FAILED:
            messages.error(request, payment.failure_message or "Authentication failed.")
        return _after_payment(request, payment)
    return render(
        request, "payments/offline_authenticate.html", {"payment": payment, "next": _next_url(request)}
    )


# --- wallet -------------------------------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
@page_rate_limit("payments")
def wallet(request: HttpRequest) -> HttpResponse:
    form = CreditPurchaseForm(_data(request))
    if form.is_valid():
        try:
            purchase = services.credit_purchase_create(
                user=request.user, credits=form.cleaned_data["credits"]
            )
            payment = services.payment_create(
                payer=request.user, purpose=PayableKind.CREDIT_PURCHASE, object_id=str(purchase.pk)
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect(
                reverse("payments:checkout", args=[payment.pk]) + f"?next={reverse('payments:wallet')}"
            )
    context = {
        "wallet": selectors.wallet_for(user=request.user),
        "page": _page(request, selectors.credit_entries_for(user=request.user)),
        "form": form,
        "credit_price": services.credit_price(),
        "credit_currency": settings.PAYMENTS_CREDIT_CURRENCY,
    }
    return render(request, "payments/wallet.html", context)


# --- packages -----------------------------------------------------------------------------------


def packages(request: HttpRequest) -> HttpResponse:
    try:
        mentor_id = uuid.UUID(request.GET.get("mentor") or "")
    except ValueError:  # no mentor, or a malformed id in the address: every mentor's packages
        mentor_id = None
    listing = selectors.package_list(user=request.user, mentor_id=mentor_id).filter(is_active=True)
    page = _page(request, listing)
    purchases = (
        selectors.package_purchases_for(user=request.user)[:50] if request.user.is_authenticated else []
    )
    return render(request, "payments/packages.html", {"page": page, "purchases": purchases})


@login_required
@require_POST
@page_rate_limit("payments")
def package_buy(request: HttpRequest, package_id) -> HttpResponse:
    try:
        purchase = services.package_purchase_create(learner=request.user, package_id=package_id)
        payment = services.payment_create(
            payer=request.user, purpose=PayableKind.PACKAGE_PURCHASE, object_id=str(purchase.pk)
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("payments:packages")
    return redirect(reverse("payments:checkout", args=[payment.pk]) + f"?next={reverse('payments:packages')}")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def mentor_packages(request: HttpRequest) -> HttpResponse:
    mentor = _approved_mentor(request)
    form = PackageForm(_data(request), initial={"is_active": True})
    if form.is_valid():
        try:
            services.package_create(mentor=mentor, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Package “{form.cleaned_data['name']}” created.")
            return redirect("payments:mentor-packages")
    own = selectors.package_list(user=request.user, mentor_id=mentor.pk)
    return render(request, "payments/mentor_packages.html", {"form": form, "packages": own, "mentor": mentor})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def package_edit(request: HttpRequest, package_id) -> HttpResponse:
    _approved_mentor(request)
    package = selectors.package_get_for_mentor(user=request.user, package_id=package_id)
    if package is None:
        raise Http404("No such package")
    initial = {field: getattr(package, field) for field in PackageForm.base_fields}
    form = PackageForm(_data(request), initial=initial)
    if form.is_valid():
        try:
            services.package_update(
                package=package, **{name: form.cleaned_data[name] for name in form.changed_data}
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Package saved. Packages already sold keep their terms.")
            return redirect("payments:mentor-packages")
    return render(request, "payments/package_edit.html", {"form": form, "package": package})


# --- earnings, Connect --------------------------------------------------------------------------


@login_required
@never_cache
def earnings(request: HttpRequest) -> HttpResponse:
    mentor = _approved_mentor(request)
    period = request.GET.get("period") if request.GET.get("period") in selectors.PERIODS else "month"
    today = selectors.mentor_today(mentor)
    start, end = selectors.earnings_window(period=period, today=today)
    rows = selectors.mentor_earnings(mentor=mentor, start=start, end=end)
    bars, chart_width = charts.monthly_bars(rows[0].by_month, today=today)
    context = {
        "mentor": mentor,
        "rows": rows,
        "main": rows[0],
        "period": period,
        "start": start,
        "end": end,
        "bars": bars,
        "chart_width": chart_width,
        "chart_height": charts.HEIGHT,
        "chart_baseline": charts.HEIGHT - charts.BOTTOM,
        "payouts": selectors.payouts_for(mentor=mentor)[:24],
        "account": selectors.connect_account_for(mentor=mentor),
    }
    return render(request, "payments/earnings.html", context)


@login_required
@require_POST
def onboarding_start(request: HttpRequest) -> HttpResponse:
    mentor = _approved_mentor(request)
    back = settings.SITE_URL + reverse("payments:earnings")
    try:
        link = services.connect_onboarding_link(mentor=mentor, refresh_url=back, return_url=back)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("payments:earnings")
    return redirect(link.url)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def offline_onboarding(request: HttpRequest, account_id: str) -> HttpResponse:
    """Stands in for Stripe's hosted Connect onboarding with the offline gateway."""
    mentor = _approved_mentor(request)
    account = selectors.connect_account_for(mentor=mentor)
    if (
        account is None
        or account.account_id != account_id
        or not OfflineAccount.objects.filter(pk=account_id).exists()
    ):
        raise Http404("No such account")
    if request.method == "POST":
        get_gateway().complete_onboarding(account_id=account_id, default_currency=mentor.currency)
        services.connect_account_refresh(mentor=mentor)
        messages.success(request, "Payouts are set up. Your available balance is paid out every Monday.")
        return redirect("payments:earnings")
    return render(request, "payments/offline_onboarding.html", {"mentor": mentor, "account": account})
