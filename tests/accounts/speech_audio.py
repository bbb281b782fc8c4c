"""Audio for the speech tests, made in the test: sentences spoken by espeak-ng, tones, silence,
and the same speech re-encoded as WebM, Ogg and MP3 with PyAV."""

from __future__ import annotations

import base64
import io
import re
import wave

import numpy as np

from accounts.speech import synthesise_wav


def spoken(sentence: str) -> bytes:
    return synthesise_wav(sentence)


def b64(data: bytes, *, data_url: bool = False) -> str:
    text = base64.b64encode(data).decode()
    return f"data:audio/wav;base64,{text}" if data_url else text


def wav_of(samples: np.ndarray, rate: int = 16_000) -> bytes:
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    out = io.BytesIO()
    with wave.open(out, "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(pcm.tobytes())
    return out.getvalue()


def tone(seconds: float, rate: int = 16_000, volume: float = 0.3) -> bytes:
    t = np.arange(int(seconds * rate)) / rate
    return wav_of(volume * np.sin(2 * np.pi * 440 * t), rate)


def silence(seconds: float, rate: int = 16_000) -> bytes:
    return wav_of(np.zeros(int(seconds * rate)), rate)


def reencode(wav: bytes, container: str, codec: str) -> bytes:
    """The WAV's sound in another container and codec (webm/libopus, ogg/libopus, mp3/libmp3lame)."""
    import av

    with av.open(io.BytesIO(wav)) as source:
        stream = source.streams.audio[0]
        frames = list(source.decode(stream))
        rate = stream.rate
    out = io.BytesIO()
    with av.open(out, mode="w", format=container) as target:
        target_rate = 48_000 if codec == "libopus" else rate
        encoder = target.add_stream(codec, rate=target_rate)
        encoder.layout = "mono"
        resampler = av.AudioResampler(format=encoder.format.name, layout="mono", rate=target_rate)
        for frame in frames:
            for piece in resampler.resample(frame):
                for packet in encoder.encode(piece):
                    target.mux(packet)
        for piece in resampler.resample(None):
            for packet in encoder.encode(piece):
                target.mux(packet)
        for packet in encoder.encode(None):
            target.mux(packet)
    return out.getvalue()


def words(text: str) -> list[str]:
    """Lower-case words without punctuation, for comparing a transcription with what was said."""
    return re.findall(r"[a-z0-9']+", text.lower())
