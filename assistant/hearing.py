"""Speech to text for commands: accounts.speech's Whisper model (tiny.en, offline), primed with
the words a command uses and the names of the user's mentors.

Whisper's `initial_prompt` is the text it believes came before the recording; with the command
vocabulary and real mentor names in it, tiny.en writes "Book a session with Dana Fischer" where,
unprimed, it heard "Well, cuss action will be in a fish or" from synthetic speech. Same
decoding options as accounts.speech.transcribe otherwise (one greedy pass, no fallback).
"""

from __future__ import annotations

from accounts.speech import Audio
from accounts.speech.transcription import _get_model

_VOCABULARY = (
    "Book a session with a mentor. Tell a mentor I'll be late. Send a message to a mentor saying "
    "thanks. Cancel my next session. Move my lesson to Friday at 3 pm. Read my messages. Read my "
    "notifications. What's on my schedule this week? List my upcoming sessions. Yes, that's "
    "correct. No thank you."
)
# Whisper reads at most 224 prompt tokens; a few dozen names fit comfortably.
MAX_NAMES = 30


def prompt_for(names: list[str]) -> str:
    said = ", ".join(dict.fromkeys(names[:MAX_NAMES]))
    return f"{_VOCABULARY} Mentors: {said}." if said else _VOCABULARY


def transcribe_command(audio: Audio, *, names: list[str]) -> str:
    segments, _info = _get_model().transcribe(
        audio.samples,
        language="en",
        beam_size=1,
        temperature=0.0,
        condition_on_previous_text=False,
        vad_filter=False,
        without_timestamps=True,
        initial_prompt=prompt_for(names),
    )
    return " ".join(segment.text.strip() for segment in segments).strip()
