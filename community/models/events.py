"""Events, RSVPs, the waitlist and event reminders."""
