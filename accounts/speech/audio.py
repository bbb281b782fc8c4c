"""Reading a recorded answer: size, format, length and loudness are checked before anything is
stored or transcribed, and each refusal is a 400 on the `audio` field with a stable reason.

Decoding is PyAV (FFmpeg's libraries, which faster-whisper installs): WAV, WebM/Opus, Ogg and MP3
all decode to 16 kHz mono float32, what Whisper reads. Decoding stops as soon as the audio runs
past the limit, so a small file of a very long, very compressed recording never fills memory.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from core.errors import ValidationFailed

SAMPLE_RATE = 16_000
# Loudness is judged on windows of this many samples (50 ms): a short answer in a long quiet
# recording is still speech.
_WINDOW = SAMPLE_RATE // 20
_DATA_URL = re.compile(r"^data:[\w.+-]+/[\w.+-]+(?:;[\w.+-]+=[\w.+-]+)*;base64,", re.IGNORECASE)


class AudioRejected(ValidationFailed):
    """A recording that cannot be used. Rendered as 400 VALIDATION_ERROR (API.md §0) with
    `details.audio` (the message) and `details.reason` (one of the REASONS below)."""

    TOO_LARGE = "AUDIO_TOO_LARGE"
    TOO_LONG = "AUDIO_TOO_LONG"
    UNREADABLE = "AUDIO_UNREADABLE"
    SILENT = "AUDIO_SILENT"
    REASONS = (TOO_LARGE, TOO_LONG, UNREADABLE, SILENT)

    def __init__(self, reason: str, message: str, *, field: str = "audio"):
        self.reason = reason
        super().__init__(message, details={field: [message], "reason": reason})


@dataclass(frozen=True)
class Audio:
    samples: np.ndarray  # 16 kHz mono float32 in -1..1
    sample_rate: int = SAMPLE_RATE

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate


def read_audio(value) -> Audio:
    """Check and decode an upload (Django UploadedFile), base64 text or a data: URL, or raw bytes."""
    data = _bytes_of(value)
    return decode(data)


def _max_bytes() -> int:
    return settings.SPEECH_MAX_BYTES


def _too_large() -> AudioRejected:
    limit_mb = _max_bytes() / (1024 * 1024)
    return AudioRejected(AudioRejected.TOO_LARGE, f"The recording is larger than {limit_mb:g} MB.")


def _unreadable(detail: str = "") -> AudioRejected:
    return AudioRejected(
        AudioRejected.UNREADABLE,
        "The recording could not be read. Send WAV, WebM, Ogg or MP3 audio."
        + (f" {detail}" if detail else ""),
    )


def _bytes_of(value) -> bytes:
    if isinstance(value, UploadedFile):
        if value.size is not None and value.size > _max_bytes():
            raise _too_large()
        value.seek(0)
        data = value.read(_max_bytes() + 1)
    elif isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
    elif isinstance(value, str):
        text = _DATA_URL.sub("", value.strip(), count=1)
        text = "".join(text.split())
        # Four base64 characters carry three bytes: refuse before decoding anything too big.
        if len(text) * 3 // 4 > _max_bytes() + 3:
            raise _too_large()
        try:
            data = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise _unreadable("It is not valid base64.") from None
    else:
        raise _unreadable()
    if len(data) > _max_bytes():
        raise _too_large()
    if not data:
        raise _unreadable("It is empty.")
    return data


def decode(data: bytes) -> Audio:
    import av

    max_seconds = settings.SPEECH_MAX_SECONDS
    limit = int(max_seconds * SAMPLE_RATE)
    too_long = AudioRejected(AudioRejected.TOO_LONG, f"The recording is longer than {max_seconds} seconds.")
    chunks: list[np.ndarray] = []
    total = 0
    try:
        with av.open(io.BytesIO(data), mode="r", metadata_errors="ignore") as container:
            streams = container.streams.audio
            if not streams:
                raise _unreadable("It has no audio track.")
            stream = streams[0]
            declared = stream.duration * stream.time_base if stream.duration and stream.time_base else 0
            if float(declared) > max_seconds + 0.5:
                raise too_long
            resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunk = out.to_ndarray().reshape(-1)
                    chunks.append(chunk)
                    total += len(chunk)
                if total > limit:
                    raise too_long
            for out in resampler.resample(None):
                chunk = out.to_ndarray().reshape(-1)
                chunks.append(chunk)
                total += len(chunk)
    except AudioRejected:
        raise
    except (av.FFmpegError, ValueError, OSError, EOFError):
        raise _unreadable() from None
    if total > limit:
        raise too_long
    if total == 0:
        raise _unreadable("It contains no sound.")
    samples = (np.concatenate(chunks).astype(np.float32) / 32768.0).astype(np.float32)
    if loudest_window_rms(samples) < settings.SPEECH_SILENCE_RMS:
        raise AudioRejected(
            AudioRejected.SILENT, "The recording is silent. Check the microphone and try again."
        )
    return Audio(samples=samples)


def loudest_window_rms(samples: np.ndarray) -> float:
    """RMS of the loudest 50 ms window (a whole-clip RMS would call a short answer silent)."""
    if len(samples) == 0:
        return 0.0
    usable = len(samples) - len(samples) % _WINDOW
    if usable == 0:
        return float(np.sqrt(np.mean(np.square(samples))))
    windows = samples[:usable].reshape(-1, _WINDOW)
    return float(np.sqrt(np.mean(np.square(windows), axis=1)).max())
