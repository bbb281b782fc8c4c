// Keyboard focus after htmx swaps on the mentors pages. Every page works without this file.
(function () {
  "use strict";

  // afterSwap, not afterSettle: between the two (htmx's settle delay) the pressed control is gone
  // and focus would sit on <body>.
  document.addEventListener("htmx:afterSwap", function (event) {
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
    // A page of results replaced the list (a "Next page" link, say, which is gone now): focus
    // the new list, labelled with its page number, so focus is not dropped to <body>.
    if (target.id === "results") {
      var trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
      if (trigger && trigger.closest && trigger.closest(".pager")) {
        var list = document.getElementById("result-list") || document.getElementById("result-count");
        if (list) {
          list.focus();
        }
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

  // The directory's filters apply as they change, except while a keyboard user steps through a
  // <select> (or a number) with the arrow keys: each step would reload the results and announce
  // a new count. Such a change is applied when the field is left or Enter is pressed.
  var form = document.querySelector("[data-filters]");
  if (form && window.htmx) {
    var stepping = null;
    var apply = function () {
      stepping = null;
      window.htmx.trigger(form, "filters-changed");
    };
    form.addEventListener("keydown", function (event) {
      var field = event.target;
      if (!field.matches("select, input[type=number]")) {
        return;
      }
      if (event.key === "Enter") {
        // Enter in a number field submits the form itself; in a <select> it applies the choice.
        if (stepping === field && field.tagName === "SELECT") {
          apply();
        }
        stepping = null;
      } else if (event.key !== "Tab" && event.key !== "Enter" && event.key !== "Escape") {
        stepping = field;
      }
    });
    form.addEventListener("pointerdown", function () {
      stepping = null;
    });
    form.addEventListener("change", function (event) {
      if (event.target === form.elements.q) {
        return; // the search box has its own delayed trigger
      }
      if (stepping !== event.target) {
        apply();
      }
    });
    form.addEventListener("focusout", function (event) {
      if (stepping === event.target) {
        apply();
      }
    });
  }
})();
