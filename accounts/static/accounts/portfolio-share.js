// Copy buttons of the share page: shown only where the clipboard can be written, and they say
// what happened in the page's live region.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) return;
  document.addEventListener("DOMContentLoaded", function () {
    var status = document.querySelector("[data-copy-status]");
    document.querySelectorAll("[data-copy-from]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var field = document.getElementById(button.getAttribute("data-copy-from"));
        navigator.clipboard.writeText(field.value).then(
          function () { if (status) status.textContent = "Caption copied."; },
          function () { field.select(); if (status) status.textContent = "Copying failed: the caption is selected, copy it with your keyboard."; }
        );
      });
    });
  });
})();
