"""One booking's page and what its parties do there: edit the pre-session details, cancel and
reschedule (each dialog states what happens to the money first), join the room inside its
window, complete, mark a no-show, write notes, share the recording, review and answer."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms import add_domain_error
from bookings import forms, selectors, services
from bookings import policy as rules
from bookings.models import (
    Booking,
    Party,
    PaymentMethod,
    RefundPolicy,
)
from bookings.views._common import (
    act,
    booking_or_404,
    checkout_url,
    credits_text,
    decorate,
    detail_url,
    form_data,
    local_time,
    other_zone,
    viewer_zone,
)
from core.errors import DomainError, NotFound
from core.money import format_money
from mentors import selectors as mentor_selectors
from mentors import slots as slot_engine
from mentors.errors import MentorProfileNotFound
from mentors.views.public import month_calendar
from payments.models import PaymentStatus

# How far ahead the reschedule dialog lists the mentor's free times.
RESCHEDULE_DAYS = 14


def refund_outcome(booking: Booking, *, by: str, policy: str) -> str:
    """What a cancellation means for the money, in the words the cancel dialog shows."""
    you = by == Party.LEARNER
    if booking.payment_method == PaymentMethod.CARD and booking.paid_at is None:
        return "Nothing has been paid yet, so nothing is charged."
    if policy == RefundPolicy.NONE:
        return f"It is less than {rules.deadline_hours(booking)} hours before the start: no refund."
    whose = "Your" if you else "The learner's"
    if booking.payment_method == PaymentMethod.FREE:
        return "The session is free: there is nothing to refund."
    if booking.payment_method == PaymentMethod.CREDITS:
        return f"{whose} {credits_text(booking.credit_price)} will go back to the wallet."
    if booking.payment_method == PaymentMethod.PACKAGE:
        return f"{whose} package gets the session back."
    who = "You" if you else "The learner"
    return f"{who} will get a full refund of {format_money(booking.price, booking.currency)}."


def _chosen_slot(booking: Booking, raw: str | None, *, zone: str) -> list[tuple[str, str]]:
    """A time picked on the reschedule calendar (any month ahead), when it is one of this
    booking's mentor and of its length: the service checks again that it is free."""
    try:
        mentor_id, start, duration = slot_engine.decode_slot_id(raw or "")
    except ValueError:
        return []
    if mentor_id != booking.mentor_id or duration != booking.duration_minutes or start == booking.start_at:
        return []
    return [(raw, local_time(start, zone))]


def _reschedule_calendar(request: HttpRequest, booking: Booking) -> dict:
    """The booking calendar of the mentor, months ahead, whose times lead back here to move."""
    try:
        mentor = mentor_selectors.mentor_bookable_get(mentor_id=booking.mentor_id)
    except MentorProfileNotFound:
        return {}
    context = month_calendar(
        request,
        mentor,
        duration_minutes=booking.duration_minutes,
        slot_link=reverse("bookings:reschedule", args=[booking.pk]) + "?",
    )
    context.update(own_calendar=False, booking_calendar=False, session_choices=[])
    return context


def _reschedule_slots(booking: Booking, *, zone: str, now: datetime) -> list[tuple[str, str]]:
    try:
        mentor = mentor_selectors.mentor_bookable_get(mentor_id=booking.mentor_id)
    except MentorProfileNotFound:  # no longer bookable: there is no time to move the session to
        return []
    found = mentor_selectors.slots_for_mentor(
        mentor=mentor,
        start=now,
        end=now + timedelta(days=RESCHEDULE_DAYS),
        duration_minutes=booking.duration_minutes,
        now=now,
    )
    return [(slot.id, local_time(slot.start_at, zone)) for slot in found if slot.start_at != booking.start_at]


def _payment_state(booking: Booking, *, party: str | None, now: datetime) -> dict:
    """How the session is paid for, as the detail page words it."""
    state: dict = {"payment": None, "pay_url": "", "receipt_url": "", "payment_text": ""}
    if booking.payment_method == PaymentMethod.CARD:
        payment = selectors.payment_for(booking)
        state["payment"] = payment
        if payment is not None and party == Party.LEARNER:
            if payment.receipt_number:
                state["receipt_url"] = reverse("payments:receipt", args=[payment.pk])
            elif selectors.payment_open(booking, payment, now=now):
                state["pay_url"] = checkout_url(booking, payment)
        refund = selectors.refund_summary(booking, payment=payment)
        if payment is None:
            state["payment_text"] = "Card: not started"
        elif payment.status in (PaymentStatus.REFUNDED, PaymentStatus.PARTIALLY_REFUNDED):
            state["payment_text"] = f"Card: {payment.get_status_display().lower()}"
        elif payment.receipt_number:
            state["payment_text"] = "Card: paid"
        elif payment.status == PaymentStatus.REQUIRES_PAYMENT:
            state["payment_text"] = "Card: not paid yet"
        elif payment.status == PaymentStatus.FAILED:
            state["payment_text"] = f"Card: {payment.failure_message or 'the payment did not go through'}"
        else:
            state["payment_text"] = f"Card: {payment.get_status_display().lower()}"
    else:
        refund = selectors.refund_summary(booking)
        state["payment_text"] = {
            PaymentMethod.CREDITS: "Paid with credits",
            PaymentMethod.PACKAGE: "A session of a package",
        }.get(booking.payment_method, "Nothing to pay")
    state["refund_text"] = _refund_text(refund)
    return state


def _refund_text(refund: dict | None) -> str:
    if refund is None or refund["status"] in ("none", "nothing_paid"):
        return ""
    if refund["status"] == "session_restored":
        return "The package session is back."
    if refund["credits"]:
        return f"{credits_text(refund['credits'])} back in the wallet."
    if refund["amount"]:
        money = format_money(refund["amount"])
        if refund["status"] == "refund_pending":
            return f"A refund of {money} is on its way to the card."
        return f"{money} refunded to the card."
    return ""


def _detail_context(request: HttpRequest, booking: Booking, **bound) -> dict:
    now = timezone.now()
    zone = viewer_zone(request)
    party = booking.party_of(request.user)
    participants = selectors.participants_of(booking) if booking.started_at else []
    actions = selectors.next_steps(
        booking,
        user=request.user,
        now=now,
        learner_joined=any(p.user_id == booking.learner_id for p in participants),
    )
    opens, closes = rules.join_window(booking)
    try:
        recording = selectors.recording_shared(booking=booking, now=now)
    except DomainError:
        recording = None
    reviews = selectors.reviews_visible(booking=booking, user=request.user)
    context = {
        "booking": booking,
        "party": party,
        "other": booking.other_party(request.user) if party else None,
        "viewer_tz": zone,
        "other_tz": other_zone(booking, party),
        "now": now,
        "actions": actions,
        "opens_at": opens,
        "closes_at": closes,
        "deadline": rules.refund_deadline(booking),
        "deadline_hours": rules.deadline_hours(booking),
        # An unpaid hold may lapse in minutes: nothing to put in a calendar yet.
        "calendar_offered": party is not None and booking.status in rules.CALENDAR_WORTHY,
        "mentor_notes_visible": party == Party.MENTOR or (party is None and request.user.is_staff),
        "recording": recording,
        "unshared_recording": party == Party.MENTOR and recording is None and hasattr(booking, "recording"),
        "reviews": reviews,
        "participants": participants,
        "notes": list(selectors.notes_visible(booking=booking, user=request.user))
        if party and actions.notes
        else [],
        **_payment_state(booking, party=party, now=now),
    }
    if actions.cancel:
        by = party
        policy = rules.cancellation_policy(booking, by=by, now=now)
        context["cancel_outcome"] = refund_outcome(booking, by=by, policy=policy)
        context["cancel_form"] = bound.get("cancel_form") or forms.ReasonForm(prefix="cancel")
    if actions.reschedule:
        context["reschedule_form"] = bound.get("reschedule_form") or forms.RescheduleForm(
            prefix="move", slots=_reschedule_slots(booking, zone=zone, now=now)
        )
    if actions.edit and party:
        context["presession_form"] = bound.get("presession_form") or forms.PreSessionForm(
            party=party,
            initial={
                "topic": booking.topic,
                "learner_notes": booking.learner_notes,
                "mentor_notes": booking.mentor_notes,
            },
        )
    if actions.notes or "note_form" in bound:
        context["note_form"] = bound.get("note_form") or forms.SessionNoteForm()
    if actions.complete:
        context["complete_form"] = forms.CompleteForm()
    if actions.confirm:
        context["decline_form"] = forms.ReasonForm(prefix="decline")
    if actions.review or "review_form" in bound:  # a refused review shows its reason on the form
        context["review_form"] = bound.get("review_form") or forms.ReviewForm(
            with_aspects=party == Party.LEARNER, with_skills=party == Party.LEARNER
        )
    context["respondable"] = {r.pk for r in reviews if services.review_may_respond(r, user=request.user)}
    if context["respondable"] or "respond_form" in bound:
        context["respond_form"] = bound.get("respond_form") or forms.RespondForm()
        context["respond_to"] = bound.get("respond_to")
    if context["unshared_recording"]:
        context["share_form"] = bound.get("share_form") or forms.RecordingShareForm()
    return context


def _render_detail(request: HttpRequest, booking: Booking, **bound) -> HttpResponse:
    return render(request, "bookings/detail.html", _detail_context(request, booking, **bound))


@login_required
@never_cache
@require_GET
def detail(request: HttpRequest, booking_id) -> HttpResponse:
    return _render_detail(request, booking_or_404(request, booking_id))


@login_required
@require_POST
def update(request: HttpRequest, booking_id) -> HttpResponse:
    booking = booking_or_404(request, booking_id)
    party = booking.party_of(request.user)
    if party is None:
        raise Http404("No such booking")
    form = forms.PreSessionForm(request.POST, party=party)
    if form.is_valid():
        try:
            services.booking_update(
                booking_id=booking.pk, user=request.user, request=request, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Your changes are saved.")
            return redirect(detail_url(booking.pk))
    return _render_detail(request, booking, presession_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, booking_id) -> HttpResponse:
    """The cancel dialog as a page of its own (for browsers without the dialog's script), and
    the cancellation itself."""
    booking = booking_or_404(request, booking_id)
    party = booking.party_of(request.user)
    if party is None:
        raise Http404("No such booking")
    form = forms.ReasonForm(form_data(request), prefix="cancel")
    if request.method == "POST" and form.is_valid():
        try:
            booking, _ = services.booking_cancel(
                booking_id=booking.pk, user=request.user, reason=form.cleaned_data["reason"], request=request
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                "The booking is cancelled. "
                + refund_outcome(booking, by=party, policy=booking.refund_policy),
            )
        return redirect(detail_url(booking.pk))
    context = _detail_context(request, booking, cancel_form=form)
    return render(request, "bookings/cancel.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reschedule(request: HttpRequest, booking_id) -> HttpResponse:
    booking = booking_or_404(request, booking_id)
    if booking.party_of(request.user) is None:
        raise Http404("No such booking")
    now = timezone.now()
    zone = viewer_zone(request)
    # The next two weeks' times, and one chosen further ahead on the calendar below.
    chosen = _chosen_slot(booking, request.POST.get("move-slot") or request.GET.get("slot"), zone=zone)
    nearby = _reschedule_slots(booking, zone=zone, now=now)
    choices = nearby + [c for c in chosen if c[0] not in {value for value, _ in nearby}]
    form = forms.RescheduleForm(
        form_data(request),
        prefix="move",
        slots=choices,
        initial={"slot": chosen[0][0]} if chosen else None,
    )
    if request.htmx and request.htmx.target == "calendar":
        return render(request, "mentors/includes/calendar.html", _reschedule_calendar(request, booking))
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_reschedule(
                booking_id=booking.pk,
                user=request.user,
                slot_id=form.cleaned_data["slot"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            booking = booking_or_404(request, booking.pk)
            messages.success(
                request,
                f"The session is moved to {local_time(booking.start_at, viewer_zone(request))}. "
                "The other person is told.",
            )
            return redirect(detail_url(booking.pk))
    context = _detail_context(request, booking, reschedule_form=form)
    if context.get("reschedule_form") is not None:
        context.update(_reschedule_calendar(request, booking))
        context["chosen_slot"] = chosen[0][1] if chosen else ""
    return render(request, "bookings/reschedule.html", context)


@login_required
@require_POST
def join(request: HttpRequest, booking_id) -> HttpResponse:
    """Opens the video room (services.booking_join returns its link only inside the window)."""
    try:
        result = services.booking_join(booking_id=booking_id, user=request.user)
    except NotFound:
        raise Http404("No such booking") from None
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(detail_url(booking_id))
    if result["can_join"] and result["room_url"]:
        url = result["room_url"]
        if result["meeting_token"]:
            url += f"?jwt={result['meeting_token']}"
        return HttpResponseRedirect(url)
    messages.info(
        request,
        f"The room opens at {local_time(result['opens_at'], viewer_zone(request))}, "
        "10 minutes before the start.",
    )
    return redirect(detail_url(booking_id))


@login_required
@require_POST
def complete(request: HttpRequest, booking_id) -> HttpResponse:
    form = forms.CompleteForm(request.POST)
    summary = form.cleaned_data["summary"] if form.is_valid() else ""
    return act(
        request,
        booking_id,
        lambda: services.booking_complete(
            booking_id=booking_id, user=request.user, summary=summary, request=request
        ),
        done="The session is marked as completed.",
    )


@login_required
@require_POST
def no_show(request: HttpRequest, booking_id) -> HttpResponse:
    return act(
        request,
        booking_id,
        lambda: services.booking_mark_no_show(
            booking_id=booking_id, user=request.user, absent=Party.LEARNER, request=request
        ),
        done="The learner is marked as not having come. You are still paid.",
    )


@login_required
@require_POST
def note_add(request: HttpRequest, booking_id) -> HttpResponse:
    booking = booking_or_404(request, booking_id)
    form = forms.SessionNoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(
                booking_id=booking.pk,
                user=request.user,
                text=form.cleaned_data["notes"],
                is_public=form.cleaned_data["is_public"],
            )
        except NotFound:
            raise Http404("No such booking") from None
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                "Your note is saved and shared." if form.cleaned_data["is_public"] else "Your note is saved.",
            )
            return redirect(detail_url(booking.pk) + "#notes-title")
    return _render_detail(request, booking, note_form=form)


@login_required
@require_POST
def review(request: HttpRequest, booking_id) -> HttpResponse:
    booking = booking_or_404(request, booking_id)
    party = booking.party_of(request.user)
    if party is None:
        raise Http404("No such booking")
    form = forms.ReviewForm(
        request.POST, with_aspects=party == Party.LEARNER, with_skills=party == Party.LEARNER
    )
    if form.is_valid():
        try:
            services.review_create(
                booking_id=booking.pk,
                user=request.user,
                rating=form.cleaned_data["rating"],
                text=form.cleaned_data["text"],
                aspects=form.aspects() if party == Party.LEARNER else None,
                skills_learned=form.skills() if party == Party.LEARNER else None,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                "Thank you: your review is on the mentor's profile."
                if party == Party.LEARNER
                else "Thank you: the learner can read your review.",
            )
            return redirect(detail_url(booking.pk) + "#reviews-title")
    return _render_detail(request, booking, review_form=form)


@login_required
@require_POST
def review_respond(request: HttpRequest, review_id) -> HttpResponse:
    form = forms.RespondForm(request.POST)
    # The page the form was on, to show a refusal there (the service decides who may answer).
    booking_id = request.POST.get("booking") or ""
    try:
        booking = selectors.booking_get_for_party(user=request.user, booking_id=booking_id)
    except (DomainError, ValueError):
        raise Http404("No such review") from None
    if form.is_valid():
        try:
            review = services.review_respond(
                review_id=review_id, user=request.user, response=form.cleaned_data["response"]
            )
        except NotFound:
            raise Http404("No such review") from None
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Your answer is published under the review.")
            return redirect(detail_url(review.booking_id) + "#reviews-title")
    return _render_detail(request, decorate(booking), respond_form=form, respond_to=str(review_id))


@login_required
@require_POST
def recording_share(request: HttpRequest, booking_id) -> HttpResponse:
    booking = booking_or_404(request, booking_id)
    form = forms.RecordingShareForm(request.POST)
    if form.is_valid():
        try:
            services.recording_share(booking_id=booking.pk, user=request.user, **form.cleaned_data)
        except NotFound:
            raise Http404("No such booking") from None
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "The recording is shared with the learner.")
            return redirect(detail_url(booking.pk) + "#session-title")
    return _render_detail(request, booking, share_form=form)
