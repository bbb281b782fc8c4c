"""Speech to text for commands: accounts.speech's Whisper model (tiny.en, offline), primed with
the words a command uses and the names of the user's mentors.

Whisper's `initial_prompt` is the text it believes came before the recording; with the command
vocabulary and real mentor names in it, tiny.en writes "Book a session with Dana Fischer" where,
unprimed, it heard "Well, cuss action will be in a fish or" from synthetic speech.
"""

from __future__ import annotations

from accounts.speech import Audio, transcribe

_VOCABULARY = (
    "Book a session with a mentor. Tell a mentor I'll be late. Send a message to a mentor saying "
    "thanks. Cancel my next session. Move my lesson to Friday at 3 pm. Read my messages. Read my "
    "notifications. What's on my schedule this week? List my upcoming sessions. Yes, that's "
    "correct. No thank you."
)
# Whisper reads at most 224 prompt tokens; a few dozen names fit comfortably.
MAX_NAMES = 30
# A command lasts a few seconds: a beam search costs little more than a greedy pass and, on the
# evaluation set's synthetic voices, hears more commands and names right.
BEAM_SIZE = 5


def prompt_for(names: list[str]) -> str:
    said = ", ".join(dict.fromkeys(names[:MAX_NAMES]))
    return f"{_VOCABULARY} Mentors: {said}." if said else _VOCABULARY


def transcribe_command(audio: Audio, *, names: list[str]) -> str:
    return transcribe(audio, prompt=prompt_for(names), beam_size=BEAM_SIZE)
