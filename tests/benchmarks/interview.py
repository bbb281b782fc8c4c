"""The onboarding interview on this machine: speech-to-text time per second of audio
(faster-whisper, tiny.en, int8, CPU) and the AI profile's build time (taxonomy matching with
MiniLM embeddings and rapidfuzz). Part of `make bench` (path `interview`; BENCH_ARGS="--only
interview"), or alone: `python -m tests.benchmarks.interview` (the project's configured database,
migrated first; the taxonomy comes from the migrations).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SENTENCES = [
    "I love sketching app screens in Figma and drawing comics.",
    "I know the basics of graphic design, I taught myself from videos over the last year.",
    "I want to become a designer of mobile apps, and one day lead a small design team.",
    "I can spend two or three hours a day, mostly on weekends, and I like hands-on projects.",
]
ANSWERS = {
    "passions": SENTENCES[0],
    "skills": SENTENCES[1],
    "goals": SENTENCES[2],
    "time_style": SENTENCES[3],
}


@dataclass
class InterviewFigures:
    model_load_s: float
    clips: list[tuple[float, float]]  # (audio seconds, transcription seconds)
    build_ms: list[float]

    @property
    def seconds_per_audio_second(self) -> float:
        return sum(t for _, t in self.clips) / sum(a for a, _ in self.clips)


def measure(*, runs: int = 20) -> InterviewFigures:
    from accounts.profiling import builder
    from accounts.speech import read_audio, synthesise_wav, transcribe
    from accounts.speech import transcription as stt

    short = read_audio(synthesise_wav(SENTENCES[0]))
    started = time.perf_counter()
    stt._get_model()
    load = time.perf_counter() - started
    transcribe(short)  # warm-up
    clips = []
    for length in (1, 2, 4, 8):  # about 4, 8, 16 and 30 seconds of speech
        audio = read_audio(synthesise_wav(" ".join((SENTENCES * 2)[:length])))
        started = time.perf_counter()
        transcribe(audio)
        clips.append((audio.duration_s, time.perf_counter() - started))
    builder.build_profile(ANSWERS, persona="beginner")  # warm-up: loads MiniLM, the taxonomy's vectors
    build_ms = []
    for _ in range(runs):
        started = time.perf_counter()
        builder.build_profile(ANSWERS, persona="beginner")
        build_ms.append((time.perf_counter() - started) * 1000)
    return InterviewFigures(load, clips, build_ms)


def report(figures: InterviewFigures) -> str:
    lines = [
        f"\ninterview: whisper tiny.en int8 on the CPU (loaded in {figures.model_load_s:.1f} s): "
        f"{figures.seconds_per_audio_second:.3f} s of transcription per second of audio",
    ]
    for audio_s, took in figures.clips:
        lines.append(
            f"  {audio_s:5.1f} s of speech transcribed in {took:.2f} s ({took / audio_s:.3f} s per s)"
        )
    ordered = sorted(figures.build_ms)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
    lines.append(
        f"  AI profile build (matching + embedding): p50 {statistics.median(ordered):.0f} ms, "
        f"p99 {p99:.0f} ms over {len(ordered)} builds"
    )
    return "\n".join(lines)


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, check=True)
    import django

    django.setup()
    print(report(measure()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
