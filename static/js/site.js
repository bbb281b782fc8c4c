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

  // Disclosure buttons (the main menu, the directory's filters): hidden without JavaScript,
  // where what they control simply stays open. The CSS folds the controlled element only on
  // narrow screens, and only while the button says aria-expanded="false".
  function setUpDisclosure(button) {
    var controlled = document.getElementById(button.getAttribute("aria-controls"));
    if (!controlled) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      button.setAttribute("aria-expanded", button.getAttribute("aria-expanded") === "true" ? "false" : "true");
    });
    controlled.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true" && button.offsetParent) {
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    });
  }

  // Tables reflow into a block per row on narrow screens (site.css): each cell gets its column's
  // name to show, and the elements keep their table roles, which display: block would drop.
  function labelTableCells(table) {
    var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.replace(/\s+/g, " ").trim();
    });
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody, tfoot"), function (group) {
      group.setAttribute("role", "rowgroup");
    });
    Array.prototype.forEach.call(table.querySelectorAll("tr"), function (row) {
      row.setAttribute("role", "row");
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (cell.tagName === "TH") {
          cell.setAttribute("role", cell.getAttribute("scope") === "row" ? "rowheader" : "columnheader");
        } else {
          cell.setAttribute("role", "cell");
          if (!cell.hasAttribute("data-label") && headers[index] && cell.colSpan === 1) {
            cell.setAttribute("data-label", headers[index]);
          }
        }
      });
    });
  }

  function enhance() {
    document.querySelectorAll("[data-nav-toggle], [data-disclosure]").forEach(setUpDisclosure);
    document.querySelectorAll("table.data-table, table.week-grid").forEach(labelTableCells);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
