// Bookings pages: the cancel and reschedule dialogs, the join button that opens with the room,
// the countdown of a held waitlist offer, and copying the calendar feed link.
// Every page works without this file: the dialogs are pages of their own, the server renders
// the join button enabled inside the window, and a reload shows the current state.
(function () {
  "use strict";

  // Times come from the server's clock, not the browser's: `data-server-now` is when the
  // server wrote the element, so the browser only counts the time that passed since.
  function serverClock(node) {
    var serverNow = Date.parse(node.getAttribute("data-server-now") || "");
    var offset = isNaN(serverNow) ? 0 : serverNow - Date.now();
    return function () { return Date.now() + offset; };
  }

  // --- dialogs ---------------------------------------------------------------------------------

  document.addEventListener("click", function (event) {
    var opener = event.target.closest ? event.target.closest("[data-dialog-open]") : null;
    if (opener) {
      var dialog = document.getElementById(opener.getAttribute("data-dialog-open"));
      if (dialog && typeof dialog.showModal === "function") {
        event.preventDefault();
        dialog.showModal();
        // Focus the first choice, not the close button: the dialog's heading and outcome are
        // read out first because the dialog is labelled by its heading.
        // (Never the form's hidden CSRF input, which cannot take focus and left it nowhere.)
        var first = dialog.querySelector(
          "input:not([type=hidden]):not([disabled]), textarea:not([disabled]), select:not([disabled]), button:not([disabled])"
        );
        if (first) {
          first.focus();
        }
      }
      return;
    }
    var closer = event.target.closest ? event.target.closest("[data-dialog-close]") : null;
    if (closer) {
      var open = closer.closest("dialog");
      if (open) {
        open.close();
      }
    }
  });

  // The openers are links to the dialogs' own pages, for a browser without this file; here they
  // become buttons, which Space presses as well as Enter and which say that they open something.
  document.querySelectorAll("a[data-dialog-open]").forEach(function (link) {
    var dialog = document.getElementById(link.getAttribute("data-dialog-open"));
    if (!dialog || typeof dialog.showModal !== "function") {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.setAttribute("data-dialog-open", link.getAttribute("data-dialog-open"));
    button.setAttribute("aria-haspopup", "dialog");
    while (link.firstChild) {
      button.appendChild(link.firstChild);
    }
    link.replaceWith(button);
  });

  // --- the join button -------------------------------------------------------------------------

  function setUpJoin(block) {
    var button = block.querySelector("[data-join-button]");
    var note = block.querySelector("[data-join-note]");
    var opens = Date.parse(block.getAttribute("data-opens-at"));
    var closes = Date.parse(block.getAttribute("data-closes-at"));
    var now = serverClock(block);
    if (!button || isNaN(opens) || isNaN(closes)) {
      return;
    }
    function check() {
      var t = now();
      if (t >= closes) {
        button.disabled = true;
        note.textContent = note.getAttribute("data-closed-text");
        return;
      }
      if (t >= opens && button.disabled) {
        button.disabled = false;
        note.textContent = note.getAttribute("data-opens-text");
      }
      // Check again when the next change is due (timers longer than a day are not reliable).
      var next = (t < opens ? opens : closes) - t;
      window.setTimeout(check, Math.min(Math.max(next, 250), 60 * 60 * 1000));
    }
    check();
  }

  var joins = document.querySelectorAll("[data-join]");
  for (var i = 0; i < joins.length; i++) {
    setUpJoin(joins[i]);
  }

  // --- offer countdowns ------------------------------------------------------------------------
  // Elements with data-countdown can also be added later (a waitlist offer that arrives over the
  // notifications socket), so they are looked up on every tick.

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function describe(ms) {
    var seconds = Math.max(0, Math.round(ms / 1000));
    var minutes = Math.floor(seconds / 60);
    if (minutes >= 60) {
      return Math.floor(minutes / 60) + " h " + pad(minutes % 60) + " min left";
    }
    return minutes + ":" + pad(seconds % 60) + " left";
  }

  function tick() {
    var nodes = document.querySelectorAll("[data-countdown]");
    for (var j = 0; j < nodes.length; j++) {
      var node = nodes[j];
      if (!node.mentoraClock) {
        node.mentoraClock = serverClock(node);
        // A timer's text changes every second: screen readers are not made to read each one.
        node.setAttribute("role", "timer");
        node.setAttribute("aria-live", "off");
      }
      var left = Date.parse(node.getAttribute("data-expires-at")) - node.mentoraClock();
      if (isNaN(left)) {
        continue;
      }
      if (left <= 0) {
        node.textContent = "The offer has expired.";
        var holder = node.closest("[data-offer]");
        var actions = holder ? holder.querySelectorAll("[data-offer-action]") : [];
        for (var k = 0; k < actions.length; k++) {
          if (actions[k].tagName === "A") {
            actions[k].remove();
          } else {
            actions[k].disabled = true;
          }
        }
        node.removeAttribute("data-countdown");
      } else {
        node.textContent = describe(left);
      }
    }
  }

  if (document.querySelector("[data-countdown]") || document.querySelector("[data-notification-list]")) {
    tick();
    window.setInterval(tick, 1000);
  }

  // --- copy the calendar feed link -------------------------------------------------------------

  var copyButtons = document.querySelectorAll("[data-copy]");
  for (var c = 0; c < copyButtons.length; c++) {
    (function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var status = button.closest(".field").querySelector("[data-copy-status]");
      if (!source || !navigator.clipboard) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.value).then(
          function () { status.textContent = "The link is copied."; },
          function () {
            source.select();
            status.textContent = "Select the link and copy it with your keyboard.";
          }
        );
      });
    })(copyButtons[c]);
  }
})();
