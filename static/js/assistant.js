// The assistant page (assistant/templates/assistant/page.html): push-to-talk with the
// microphone, a hands-free mode that listens again after a chime, the reply spoken aloud, and
// focus moved to the "Yes" button when the assistant asks for a confirmation.
(function () {
  "use strict";

  var root = document.querySelector("[data-assistant]");
  if (!root) return;
  var live = document.getElementById("assistant-live");
  var talk = document.getElementById("talk");
  var state = document.getElementById("talk-state");
  var handsFree = document.getElementById("hands-free");
  var commandUrl = root.getAttribute("data-command-url");
  var MAX_MS = 10000;      // a command is short; stop listening after 10 s whatever happens
  var SILENCE_MS = 1300;   // hands-free: this much quiet after speech ends the recording
  var recorder = null;
  var stopTimer = null;
  var audioContext = null;

  function say(text) { state.textContent = text; }

  function context() {
    if (!audioContext) audioContext = new (window.AudioContext || window.webkitAudioContext)();
    return audioContext;
  }

  function chime(then) {
    try {
      var ctx = context();
      var tone = ctx.createOscillator();
      var gain = ctx.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.2, ctx.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.25);
      tone.connect(gain).connect(ctx.destination);
      tone.start();
      tone.stop(ctx.currentTime + 0.25);
      window.setTimeout(then, 300);
    } catch (error) { then(); }
  }

  function csrfToken() {
    var field = root.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function send(blob) {
    var form = new FormData();
    form.append("audio", blob, "command.webm");
    say("Working on it…");
    fetch(commandUrl, {
      method: "POST",
      body: form,
      credentials: "same-origin",
      headers: { "HX-Request": "true", "X-CSRFToken": csrfToken() }
    }).then(function (response) { return response.text(); })
      .then(function (html) {
        window.htmx.swap(live, html, { swapStyle: "innerHTML" });
        say("");
        answered();
      })
      .catch(function () { say("The recording could not be sent. Please try again or type your command."); });
  }

  function watchSilence(stream) {
    var ctx = context();
    var analyser = ctx.createAnalyser();
    ctx.createMediaStreamSource(stream).connect(analyser);
    var samples = new Float32Array(analyser.fftSize);
    var heard = false;
    var quietSince = null;
    (function check() {
      if (!recorder || recorder.state !== "recording") return;
      analyser.getFloatTimeDomainData(samples);
      var sum = 0;
      for (var i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
      var loud = Math.sqrt(sum / samples.length) > 0.02;
      if (loud) { heard = true; quietSince = null; }
      else if (heard) {
        quietSince = quietSince || Date.now();
        if (Date.now() - quietSince > SILENCE_MS) { stop(); return; }
      }
      window.requestAnimationFrame(check);
    })();
  }

  function start(auto) {
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      var chunks = [];
      recorder = new MediaRecorder(stream);
      recorder.ondataavailable = function (event) { if (event.data.size) chunks.push(event.data); };
      recorder.onstop = function () {
        stream.getTracks().forEach(function (track) { track.stop(); });
        talk.setAttribute("aria-pressed", "false");
        talk.querySelector(".assistant__talk-label").textContent = "Press to talk";
        window.clearTimeout(stopTimer);
        send(new Blob(chunks, { type: recorder.mimeType || "audio/webm" }));
        recorder = null;
      };
      recorder.start();
      talk.setAttribute("aria-pressed", "true");
      talk.querySelector(".assistant__talk-label").textContent = "Listening… press to stop";
      say("Listening.");
      stopTimer = window.setTimeout(stop, MAX_MS);
      if (auto) watchSilence(stream);
    }).catch(function () {
      say("The microphone is not available. You can type your command instead.");
    });
  }

  function stop() {
    if (recorder && recorder.state === "recording") recorder.stop();
  }

  function listenAgain() {
    if (handsFree && handsFree.checked && !recorder) chime(function () { start(true); });
  }

  // After every answer: speak it (unless switched off), offer the "Yes" button to the keyboard,
  // and in hands-free mode listen again once the reply has been spoken.
  function answered() {
    var focusTarget = live.querySelector("[data-assistant-focus]");
    if (focusTarget) focusTarget.focus();
    var audio = live.querySelector("audio[data-autoplay]");
    if (audio && root.getAttribute("data-speak") === "true") {
      audio.addEventListener("ended", listenAgain, { once: true });
      var playing = audio.play();
      if (playing && playing.catch) playing.catch(listenAgain);
    } else {
      listenAgain();
    }
  }

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target === live) {
      answered();
      var text = document.getElementById("command-text");
      if (text && !live.querySelector("[data-assistant-focus]")) { text.value = ""; text.focus(); }
    }
  });

  if (navigator.mediaDevices && window.MediaRecorder) {
    talk.hidden = false;
    if (handsFree) handsFree.closest(".assistant__handsfree").hidden = false;
    talk.addEventListener("click", function () {
      if (recorder) stop(); else start(handsFree && handsFree.checked);
    });
    if (handsFree) handsFree.addEventListener("change", function () {
      if (handsFree.checked && !recorder) chime(function () { start(true); });
    });
  }
})();
