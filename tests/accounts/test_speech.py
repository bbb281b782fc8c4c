"""accounts.speech: checked decoding of recorded audio, faster-whisper transcription, espeak-ng
speech kept privately for its owner."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import SpeechClip
from accounts.speech import AudioRejected, read_audio, speak, synthesise_wav, transcribe
from core.exceptions import api_exception_handler
from tests.accounts import speech_audio as sa
from tests.conftest import client_for
from tests.factories import UserFactory

SENTENCE = "I can spend two or three hours a day, mostly on weekends."


@pytest.fixture(scope="module")
def sentence_wav() -> bytes:
    return sa.spoken(SENTENCE)


def reason_of(value) -> str:
    with pytest.raises(AudioRejected) as caught:
        read_audio(value)
    return caught.value.reason


def test_a_sentence_spoken_by_espeak_transcribes_to_the_same_words(sentence_wav):
    audio = read_audio(sentence_wav)

    assert audio.samples.dtype.name == "float32"
    assert 2 < audio.duration_s < 8
    assert sa.words(transcribe(audio)) == sa.words(SENTENCE)


@pytest.mark.parametrize("container, codec", [("webm", "libopus"), ("ogg", "libopus"), ("mp3", "libmp3lame")])
def test_webm_ogg_and_mp3_decode_to_the_same_speech(sentence_wav, container, codec):
    audio = read_audio(sa.reencode(sentence_wav, container, codec))

    assert audio.duration_s == pytest.approx(read_audio(sentence_wav).duration_s, abs=0.2)
    assert sa.words(transcribe(audio)) == sa.words(SENTENCE)


def test_base64_a_data_url_and_an_upload_are_all_read(sentence_wav):
    expected = read_audio(sentence_wav).samples

    for value in (
        sa.b64(sentence_wav),
        sa.b64(sentence_wav, data_url=True),
        SimpleUploadedFile("answer.wav", sentence_wav, content_type="audio/wav"),
    ):
        assert (read_audio(value).samples == expected).all()


def test_too_large_is_refused_before_decoding(settings, sentence_wav):
    settings.SPEECH_MAX_BYTES = len(sentence_wav) - 1

    assert reason_of(sentence_wav) == "AUDIO_TOO_LARGE"
    assert reason_of(sa.b64(sentence_wav)) == "AUDIO_TOO_LARGE"
    assert reason_of(SimpleUploadedFile("a.wav", sentence_wav)) == "AUDIO_TOO_LARGE"


def test_the_default_size_limit_is_ten_megabytes():
    eleven_mb = b"\0" * (11 * 1024 * 1024)

    assert reason_of(sa.b64(eleven_mb)) == "AUDIO_TOO_LARGE"


def test_longer_than_two_minutes_is_refused():
    assert read_audio(sa.tone(119, rate=8000)).duration_s == pytest.approx(119, abs=0.05)
    assert reason_of(sa.tone(121, rate=8000)) == "AUDIO_TOO_LONG"


@pytest.mark.parametrize(
    "value",
    [b"this is a text file, not audio" * 20, "not base64 at all!!", sa.b64(b"GIF89a" + b"\0" * 300), b""],
)
def test_what_is_not_audio_is_unreadable(value):
    assert reason_of(value) == "AUDIO_UNREADABLE"


def test_silence_and_a_whisper_of_noise_are_refused():
    import numpy as np

    assert reason_of(sa.silence(3)) == "AUDIO_SILENT"
    hiss = np.random.default_rng(1).normal(0, 0.001, 16_000 * 3)
    assert reason_of(sa.wav_of(hiss)) == "AUDIO_SILENT"


def test_a_refusal_renders_as_a_400_on_the_audio_field():
    with pytest.raises(AudioRejected) as caught:
        read_audio(sa.silence(2))

    response = api_exception_handler(caught.value, {})

    assert response.status_code == 400
    assert response.data["error"] == "VALIDATION_ERROR"
    assert response.data["details"]["reason"] == "AUDIO_SILENT"
    assert response.data["details"]["audio"] == [caught.value.message]


def test_synthesised_speech_is_a_complete_wav():
    wav = synthesise_wav("Hello there.")

    assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"
    assert int.from_bytes(wav[4:8], "little") == len(wav) - 8
    assert read_audio(wav).duration_s > 0.3


@pytest.mark.django_db
def test_a_clip_is_served_to_its_owner_only():
    owner, other = UserFactory(), UserFactory()
    clip = speak("What do you love doing?", owner=owner)

    assert clip.url == f"/api/v1/speech/{clip.pk}"
    assert "/media/" not in clip.file.path
    response = client_for(owner).get(clip.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert response["Cache-Control"] == "private, no-store"
    body = b"".join(response.streaming_content)
    assert sa.words(transcribe(read_audio(body))) == ["what", "do", "you", "love", "doing"]

    assert client_for(other).get(clip.url).status_code == 404
    assert client_for(None).get(clip.url).status_code == 401
    assert SpeechClip.objects.get().text == "What do you love doing?"


def test_bad_voices_and_speeds_are_refused():
    from core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        synthesise_wav("Hi", voice="--help")
    with pytest.raises(ValidationFailed):
        synthesise_wav("Hi", speed=10)
    with pytest.raises(ValidationFailed):
        synthesise_wav("   ")
