// Keyboard focus after htmx swaps on the mentors pages. Every page works without this file.
(function () {
  "use strict";

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (!target) {
      return;
    }
    // The month changed: the link that was pressed is gone, so focus the month's name, which
    // screen readers then read out.
    if (target.id === "calendar") {
      var month = document.getElementById("calendar-month");
      if (month) {
        month.focus();
      }
      return;
    }
    // A favourite button was swapped for its opposite: keep focus on it.
    // (The swapped-out form still carries its attribute; the page has one such button.)
    if (target.hasAttribute && target.hasAttribute("data-favorite-form")) {
      var button = document.querySelector("[data-favorite-form] button");
      if (button) {
        button.focus();
      }
    }
  });
})();
