"""Speech in and out, offline: recorded audio is checked and decoded (`read_audio`), turned into
text by faster-whisper (`transcribe`), and text is spoken by espeak-ng (`speak`, which keeps the
clip privately for its owner, or `synthesise_wav` for bare bytes).

Used by the onboarding interview (accounts.profiling) and by the assistant app above accounts.
"""

from accounts.speech.audio import Audio, AudioRejected, read_audio
from accounts.speech.synthesis import SpeechFailed, speak, synthesise_wav
from accounts.speech.transcription import transcribe

__all__ = ["Audio", "AudioRejected", "SpeechFailed", "read_audio", "speak", "synthesise_wav", "transcribe"]
