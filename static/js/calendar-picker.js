// The compact time picker of the booking calendar (mentors/includes/calendar.html): the day
// chips are radio buttons; this shows the chosen day's times and hides the others. Without it
// every day's times are listed after the chips. Runs again when htmx swaps in another month.
(function () {
  "use strict";

  function show(picker) {
    var checked = picker.querySelector(".calendar__compact-radio:checked");
    var panels = picker.querySelectorAll(".calendar__compact-panel");
    for (var i = 0; i < panels.length; i += 1) {
      panels[i].hidden = !checked || panels[i].getAttribute("data-day") !== checked.value;
    }
  }

  function setUp(root) {
    var pickers = (root || document).querySelectorAll("[data-day-picker]");
    for (var i = 0; i < pickers.length; i += 1) {
      show(pickers[i]);
    }
  }

  document.addEventListener("change", function (event) {
    var radio = event.target;
    if (radio.classList && radio.classList.contains("calendar__compact-radio")) {
      show(radio.closest("[data-day-picker]"));
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    setUp(event.detail.target);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      setUp(document);
    });
  } else {
    setUp(document);
  }
})();
