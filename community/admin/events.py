"""Admin for events and RSVPs."""
