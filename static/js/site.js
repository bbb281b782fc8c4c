// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // After a failed submit, move focus to the list of problems so keyboard and screen-reader
  // users start there (it has tabindex="-1" and links to each field).
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusErrorSummary);
  } else {
    focusErrorSummary();
  }
})();
