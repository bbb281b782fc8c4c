"""Understanding a command: which intent (MiniLM embeddings over example utterances), and its
slots resolved against real data (mentor names with rapidfuzz, dates and times with dateparser
in the user's time zone, a message's words). Pure functions of the text, the clock and the
mentors the caller passes in: no database, so the evaluation set runs in process."""

from assistant.recognise.understand import Heard, MentorName, understand

__all__ = ["Heard", "MentorName", "understand"]
