// Hold-to-talk for the onboarding interview. While the talk button is held (pointer, or Space /
// Enter on the focused button) the microphone records with MediaRecorder; on release the
// recording is transcribed by the server (/api/v1/speech/transcriptions) and the words are put in
// the answer box, where the learner checks and corrects them before sending. Without this file,
// or without a microphone API, the form works the same by typing.
(function () {
  "use strict";

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  function setUp(form) {
    var box = form.querySelector("[data-voice]");
    var button = form.querySelector("[data-talk]");
    var status = form.querySelector("[data-voice-status]");
    var text = form.querySelector("textarea[name=answer_text]");
    var kind = form.querySelector("input[name=answer_type]");
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!box || !button || !text || !window.MediaRecorder || !navigator.mediaDevices ||
        !navigator.mediaDevices.getUserMedia) {
      return;
    }
    box.hidden = false;
    var recorder = null;
    var chunks = [];
    var stream = null;
    var cancelled = false;
    var holding = false;

    function say(message) {
      status.textContent = message;
    }

    function setRecording(on) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.classList.toggle("is-recording", on);
      button.textContent = on ? "Recording… release to stop" : "Hold to talk";
    }

    function start() {
      if (holding) {
        return;
      }
      holding = true;
      cancelled = false;
      chunks = [];
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (media) {
        if (!holding) {  // released before the microphone opened
          media.getTracks().forEach(function (t) { t.stop(); });
          return;
        }
        stream = media;
        recorder = new MediaRecorder(media);
        recorder.addEventListener("dataavailable", function (event) {
          if (event.data && event.data.size) {
            chunks.push(event.data);
          }
        });
        recorder.addEventListener("stop", finish);
        recorder.start();
        setRecording(true);
        say("Recording. Release to stop, or press Escape to cancel.");
      }).catch(function () {
        holding = false;
        say("The microphone could not be used. You can type your answer instead.");
      });
    }

    function stop(cancel) {
      holding = false;
      cancelled = !!cancel;
      if (recorder && recorder.state !== "inactive") {
        recorder.stop();
      }
      setRecording(false);
    }

    function finish() {
      if (stream) {
        stream.getTracks().forEach(function (t) { t.stop(); });
      }
      if (cancelled || !chunks.length) {
        say(cancelled ? "Recording cancelled." : "Nothing was recorded.");
        return;
      }
      var blob = new Blob(chunks, { type: recorder.mimeType || "audio/webm" });
      var body = new FormData();
      body.append("audio", blob, "answer." + (/ogg/.test(blob.type) ? "ogg" : "webm"));
      say("Turning your words into text…");
      fetch("/api/v1/speech/transcriptions", {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf ? csrf.value : cookie("csrftoken"), "Accept": "application/json" },
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (result) {
        if (!result.ok) {
          say(result.data.message || "That recording could not be used. Try again, or type.");
          return;
        }
        text.value = result.data.transcription;
        if (kind) {
          kind.value = "voice";
        }
        text.focus();
        say("Here is what we heard. Check and correct it, then send your answer.");
      }).catch(function () {
        say("The recording could not be sent. Try again, or type.");
      });
    }

    button.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      start();
    });
    ["pointerup", "pointerleave", "pointercancel"].forEach(function (name) {
      button.addEventListener(name, function () {
        if (holding) {
          stop(false);
        }
      });
    });
    button.addEventListener("keydown", function (event) {
      if (event.key === " " || event.key === "Enter") {
        event.preventDefault();
        if (!event.repeat) {
          start();
        }
      } else if (event.key === "Escape" && holding) {
        stop(true);
      }
    });
    button.addEventListener("keyup", function (event) {
      if ((event.key === " " || event.key === "Enter") && holding) {
        event.preventDefault();
        stop(false);
      }
    });
    text.addEventListener("input", function () {
      // Typed over from scratch: it is a typed answer again.
      if (kind && !text.value.trim()) {
        kind.value = "text";
      }
    });
  }

  function init() {
    document.querySelectorAll("[data-interview-form]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
