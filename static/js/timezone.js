// The browser's time zone, for a server that otherwise only knows the account's (core.timezones).
// It goes in the `tz` cookie (read by the time-zone middleware for visitors without a saved zone)
// and in any empty field marked data-browser-timezone (the sign-up form's).
(function () {
  "use strict";

  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  // IANA names are letters, digits and _ + - /: safe in a cookie as they are.
  if (!zone || !/^[A-Za-z0-9_+\-\/]+$/.test(zone)) {
    return;
  }
  var match = document.cookie.match(/(?:^|;\s*)tz=([^;]*)/);
  var stored = match ? decodeURIComponent(match[1]) : "";
  if (stored !== zone) {
    document.cookie =
      "tz=" + zone + "; path=/; max-age=31536000; samesite=lax" +
      (window.location.protocol === "https:" ? "; secure" : "");
  }

  function apply() {
    var fields = document.querySelectorAll("input[data-browser-timezone]");
    for (var i = 0; i < fields.length; i += 1) {
      if (!fields[i].value) {
        fields[i].value = zone;
      }
    }
    // A first visit was rendered in UTC: show its times again in the browser's zone, once (the
    // cookie is set now, so the next answer knows it; without cookies nothing reloads).
    var root = document.documentElement;
    if (
      root.getAttribute("data-viewer-tz-source") === "default" &&
      root.getAttribute("data-viewer-tz") !== zone &&
      !stored &&
      /(?:^|;\s*)tz=/.test(document.cookie) &&
      document.querySelector("time")
    ) {
      window.location.reload();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", apply);
  } else {
    apply();
  }
})();
