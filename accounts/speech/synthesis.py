"""Text to speech with espeak-ng (the Debian package `espeak-ng`): a WAV file, kept privately
for its owner as a SpeechClip and served by /api/v1/speech/{id}."""

from __future__ import annotations

import re
import shutil
import subprocess

from django.conf import settings
from django.core.files.base import ContentFile

from core.errors import ServiceUnavailable, ValidationFailed

# espeak-ng's own limits for its -s option (words per minute).
MIN_WPM, MAX_WPM = 80, 450
MAX_TEXT = 2000
_VOICE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{1,8})*(?:\+[a-z0-9]{1,12})?$", re.IGNORECASE)


class SpeechFailed(ServiceUnavailable):
    default_message = "Speech could not be generated right now."


def _executable() -> str:
    found = shutil.which("espeak-ng")
    if not found:
        raise SpeechFailed("Speech output is not available: espeak-ng is not installed.")
    return found


def synthesise_wav(text: str, voice: str | None = None, speed: int | None = None) -> bytes:
    """A WAV (22.05 kHz, 16-bit mono) of `text` spoken by espeak-ng.

    `voice` is an espeak-ng voice name (settings.SPEECH_VOICE by default, e.g. en-us, en-gb,
    en-us+f3); `speed` is words per minute (settings.SPEECH_WPM by default, 80 to 450).
    """
    text = " ".join(str(text).split())
    if not text:
        raise ValidationFailed.for_field("text", "There is nothing to say.")
    if len(text) > MAX_TEXT:
        raise ValidationFailed.for_field("text", f"At most {MAX_TEXT} characters can be spoken at once.")
    voice = voice or settings.SPEECH_VOICE
    if not _VOICE.match(voice):
        raise ValidationFailed.for_field("voice", "Unknown voice.")
    wpm = int(speed if speed is not None else settings.SPEECH_WPM)
    if not MIN_WPM <= wpm <= MAX_WPM:
        raise ValidationFailed.for_field("speed", f"The speed is words per minute, {MIN_WPM} to {MAX_WPM}.")
    try:
        # The text goes in on standard input, never on the command line: it cannot become an option.
        done = subprocess.run(
            [_executable(), "--stdout", "-v", voice, "-s", str(wpm)],
            input=text.encode(),
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SpeechFailed() from error
    if done.returncode != 0 or not done.stdout.startswith(b"RIFF"):
        if b"voice" in done.stderr.lower():
            raise ValidationFailed.for_field("voice", "Unknown voice.")
        raise SpeechFailed()
    return _fix_sizes(done.stdout)


def _fix_sizes(wav: bytes) -> bytes:
    """espeak-ng writing to a pipe cannot seek back, so the RIFF and data sizes it wrote are
    placeholders; set them, so every player and decoder reads the whole clip."""
    data = bytearray(wav)
    if len(data) >= 44 and data[36:40] == b"data":
        data[4:8] = (len(data) - 8).to_bytes(4, "little")
        data[40:44] = (len(data) - 44).to_bytes(4, "little")
    return bytes(data)


def speak(text: str, *, owner, voice: str | None = None, speed: int | None = None):
    """Speak `text` and keep the clip for `owner`. Returns the SpeechClip; `clip.url` is its
    private route."""
    from accounts.models import SpeechClip

    wav = synthesise_wav(text, voice=voice, speed=speed)
    clip = SpeechClip(owner=owner, text=" ".join(str(text).split()))
    clip.file.save("clip.wav", ContentFile(wav), save=False)
    clip.save()
    return clip
