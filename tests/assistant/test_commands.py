"""Typed voice commands end to end: the action is done through the normal services, after a
yes where something is paid or destroyed, and logged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from assistant.models import AgentAction
from bookings.models import Booking, BookingStatus, PaymentMethod
from messaging.models import Message
from messaging.services import message_send, notify
from payments.selectors import wallet_for
from tests.assistant.conftest import ACTIONS_URL, NOW, api_as, mentor_named, say
from tests.bookings.factories import BookingFactory, give_credits

pytestmark = pytest.mark.django_db


def test_booking_asks_first_then_books_the_earliest_afternoon_slot_after_yes(clock, agent, client, dana):
    reply = say(client, "book a session with Dana next Tuesday afternoon")
    assert reply["intent"] == "schedule_session"
    assert reply["awaiting_confirmation"]["action"] == "book"
    assert "Tuesday 9 March at noon" in reply["response_text"]
    assert not Booking.objects.exists()

    done = say(client, "yes")
    booking = Booking.objects.get()
    assert done["action_taken"] == {
        "type": "scheduled_booking",
        "success": True,
        "booking_id": str(booking.pk),
    }
    # 12:00 in London is 12:00 UTC in March (GMT); Dana is free 09-17 UTC.
    assert booking.start_at == datetime(2027, 3, 9, 12, 0, tzinfo=UTC)
    assert booking.mentor == dana
    # Never charged by card: the booking waits for the user's payment and the user is told.
    assert booking.status == BookingStatus.PENDING_PAYMENT
    assert booking.payment_method == PaymentMethod.CARD
    assert agent.user.notifications.filter(data__booking_id=str(booking.pk)).exists()


def test_booking_next_week_looks_in_next_week_only(clock, agent, client, dana):
    # Wednesday 3 March: Dana is free tomorrow afternoon, but "next week" is 8 to 14 March.
    reply = say(client, "book a session with Dana next week in the afternoon")
    assert "Monday 8 March at noon" in reply["response_text"]
    say(client, "yes")
    assert Booking.objects.get().start_at == datetime(2027, 3, 8, 12, 0, tzinfo=UTC)


def test_booking_a_period_with_no_free_time_names_the_period(clock, agent, client, dana):
    reply = say(client, "book a session with Dana next week in the evening")
    assert reply["response_text"] == (
        "I could not do that: Dana Fischer has no free time "
        "between Monday 8 March and Sunday 14 March in the evening."
    )
    assert not Booking.objects.exists()


def test_saying_no_books_nothing(clock, agent, client, dana):
    say(client, "book a session with Dana tomorrow at 3")
    reply = say(client, "no thanks")
    assert reply["intent"] == "deny"
    assert not Booking.objects.exists()
    assert say(client, "yes")["response_text"] == "There is nothing waiting for a yes or no."
    assert not Booking.objects.exists()


def test_booking_with_credits_spends_them_only_after_yes(clock, agent, client, dana, learner):
    give_credits(learner, 3)
    reply = say(client, "book Dana tomorrow at 3 with my credits")
    assert "credits" in reply["response_text"]
    say(client, "yes please")
    booking = Booking.objects.get()
    assert booking.payment_method == PaymentMethod.CREDITS
    assert booking.start_at == datetime(2027, 3, 4, 15, 0, tzinfo=UTC)
    assert booking.paid_at is not None


def test_an_ambiguous_name_asks_which_one_and_keeps_the_command(clock, agent, client, dana):
    lee = mentor_named("Dana Lee")
    reply = say(client, "book a session with Dana on Friday morning")
    assert reply["response_text"] in ("Dana Fischer or Dana Lee?", "Dana Lee or Dana Fischer?")
    answer = say(client, "Dana Lee")
    assert answer["intent"] == "schedule_session"
    assert answer["awaiting_confirmation"]["action"] == "book"
    say(client, "yes")
    booking = Booking.objects.get()
    assert booking.mentor == lee
    assert booking.start_at == datetime(2027, 3, 5, 9, 0, tzinfo=UTC)


def test_a_mentor_the_user_knows_wins_a_shared_first_name(clock, agent, client, dana, learner):
    mentor_named("Dana Lee")
    BookingFactory(
        mentor=dana, learner=learner, start_at=NOW - timedelta(days=7), status=BookingStatus.COMPLETED
    )
    reply = say(client, "book a session with Dana tomorrow at 10")
    assert "Dana Fischer" in reply["response_text"]


def _paid_booking(learner, mentor, *, days: int, hour: int = 14, credits: int = 2):
    give_credits(learner, credits)
    from bookings.services import booking_create

    booking, _ = booking_create(
        learner=learner,
        mentor_id=mentor.pk,
        start_at=datetime(2027, 3, 3, hour, tzinfo=UTC) + timedelta(days=days),
        duration_minutes=60,
        payment_method=PaymentMethod.CREDITS,
    )
    return booking


def test_cancel_my_next_session_refunds_in_full_after_yes(clock, agent, client, dana, learner):
    later = _paid_booking(learner, dana, days=6)
    booking = _paid_booking(learner, dana, days=3)
    balance = wallet_for(user=learner).balance
    reply = say(client, "cancel my next session")
    assert reply["intent"] == "cancel_booking"
    assert "Saturday 6 March at 2 pm" in reply["response_text"]
    assert "You get your 1 credit back." in reply["response_text"]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED  # nothing happens before the yes

    done = say(client, "yes")
    booking.refresh_from_db()
    later.refresh_from_db()
    assert done["action_taken"]["booking_id"] == str(booking.pk)
    assert booking.status == BookingStatus.CANCELLED
    assert booking.refund_policy == "full"
    assert later.status == BookingStatus.CONFIRMED
    assert wallet_for(user=learner).balance == balance + 1


def test_cancel_without_yes_does_nothing(clock, agent, client, dana, learner):
    booking = _paid_booking(learner, dana, days=3)
    say(client, "cancel my next session")
    say(client, "never mind")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert not AgentAction.objects.filter(action_type="cancelled_booking").exists()


def test_a_late_cancellation_says_there_is_no_refund(clock, agent, client, dana, learner):
    booking = _paid_booking(learner, dana, days=0, hour=15)  # today 15:00: inside the 24 h deadline
    reply = say(client, "cancel my next session")
    assert "no refund" in reply["response_text"]
    say(client, "yes")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert booking.refund_policy == "none"


def test_reschedule_moves_the_session_after_yes(clock, agent, client, dana, learner):
    booking = _paid_booking(learner, dana, days=3)
    reply = say(client, "move my session with Dana to Monday at 11")
    assert reply["intent"] == "reschedule_booking"
    assert "Monday 8 March at 11 am" in reply["response_text"]
    say(client, "yes")
    booking.refresh_from_db()
    assert booking.start_at == datetime(2027, 3, 8, 11, 0, tzinfo=UTC)


def test_read_my_messages_reads_the_unread_ones(clock, agent, client, dana, learner):
    message_send(sender=dana.user, recipient_id=learner.pk, text="Please bring your notes on Tuesday.")
    reply = say(client, "read my messages")
    assert reply["intent"] == "read_messages"
    assert reply["response_text"] == (
        "You have 1 unread message. Dana Fischer wrote: Please bring your notes on Tuesday."
    )


def test_read_my_notifications(clock, agent, client, learner):
    notify(user=learner, type="course_update", title="Lesson 3 is out", body="SQL joins")
    reply = say(client, "any new notifications")
    assert reply["response_text"] == "You have 1 new notification. Lesson 3 is out: SQL joins."


def test_whats_on_my_schedule_this_week_lists_the_real_sessions(clock, agent, client, dana, learner):
    _paid_booking(learner, dana, days=2, hour=9)  # Friday
    _paid_booking(learner, dana, days=8, hour=9)  # next week: not read
    reply = say(client, "what's on my schedule this week")
    assert reply["intent"] == "check_schedule"
    assert reply["response_text"] == "You have 1 session this week: Friday 5 March at 9 am with Dana Fischer."


def test_tell_a_mentor_sends_an_ai_generated_message(clock, agent, client, dana, learner):
    reply = say(client, "tell Dana I'll be late")
    message = Message.objects.get()
    assert reply["action_taken"] == {"type": "sent_message", "success": True, "message_id": str(message.pk)}
    assert message.text == "I'll be late"
    assert message.ai_generated is True
    assert message.sender == learner and message.recipient == dana.user
    # The other party sees the flag in the conversation.
    thread = api_as(dana.user).get(f"/api/v1/conversations/{message.conversation_id}/messages").json()
    assert thread["items"][0]["ai_generated"] is True


def test_a_mentor_without_free_time_fails_with_the_normal_code_and_is_logged(clock, agent, client):
    mentor_named("Omar Haddad", days=[0])  # Mondays only
    reply = say(client, "book a session with Omar on Friday")
    assert reply["action_taken"] == {
        "type": "scheduled_booking",
        "success": False,
        "error": "SLOT_NOT_AVAILABLE",
    }
    failed = AgentAction.objects.get(action_type="scheduled_booking")
    assert (failed.success, failed.error) == (False, "SLOT_NOT_AVAILABLE")
    assert not Booking.objects.exists()


def test_too_few_credits_fails_with_payment_required(clock, agent, client, dana):
    say(client, "book Dana tomorrow at 3 with credits")
    reply = say(client, "yes")
    assert reply["action_taken"]["error"] == "PAYMENT_REQUIRED"
    assert AgentAction.objects.get(action_type="scheduled_booking").error == "PAYMENT_REQUIRED"
    assert not Booking.objects.exists()


def test_the_agent_cannot_touch_another_users_booking(clock, agent, client, dana, learner):
    from tests.factories import UserFactory

    theirs = BookingFactory(mentor=dana, learner=UserFactory(), start_at=NOW + timedelta(days=2))
    reply = say(client, "cancel my session with Dana")
    assert reply["response_text"] == "I found no upcoming session with Dana Fischer to change."
    # A confirmation forged for someone else's booking is refused by bookings itself.
    agent.pending = {
        "kind": "confirm",
        "question": "?",
        "action": {"op": "cancel", "booking_id": str(theirs.pk)},
    }
    agent.pending_until = NOW + timedelta(minutes=5)
    agent.save()
    done = say(client, "yes")
    assert done["action_taken"] == {
        "type": "cancelled_booking",
        "success": False,
        "error": "NOT_FOUND",
        "booking_id": str(theirs.pk),
    }
    theirs.refresh_from_db()
    assert theirs.status == BookingStatus.CONFIRMED
    assert AgentAction.objects.get(action_type="cancelled_booking").error == "NOT_FOUND"


def test_every_command_is_logged_and_listed(clock, agent, client):
    say(client, "what's the weather like")
    items = client.get(ACTIONS_URL, {"action_type": "voice_command"}).json()["items"]
    assert items[0]["action_details"]["intent"] == "unknown"
    assert items[0]["success"] is True


def test_a_switched_off_agent_does_nothing(clock, agent, client):
    agent.is_enabled = False
    agent.save()
    response = client.post("/api/v1/agents/me/voice-command", {"text": "read my messages"}, format="json")
    assert response.status_code == 403


def test_the_chat_page_shows_the_other_party_that_the_assistant_wrote_it(clock, agent, client, dana, learner):
    from django.test import Client

    say(client, "tell Dana I'll be late")
    message = Message.objects.get()
    browser = Client()
    browser.force_login(dana.user)
    page = browser.get(f"/messages/with/{learner.pk}/")
    assert page.status_code == 200
    assert "(sent by their assistant)" in page.content.decode()
    from django.utils.html import escape

    assert escape(message.text) in page.content.decode()
