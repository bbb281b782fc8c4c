// The events list's "Near me" button: asks the browser for its location, fills the latitude and
// longitude fields and shows the events nearby. Without geolocation the button stays hidden and
// the fields still take typed numbers.
(function () {
  "use strict";
  var form = document.querySelector("[data-events-filters]");
  if (!form || !("geolocation" in navigator)) return;
  var button = form.querySelector("[data-near-me]");
  var status = form.querySelector("[data-near-me-status]");
  var lat = form.querySelector("input[name=lat]");
  var lng = form.querySelector("input[name=lng]");
  if (!button || !lat || !lng) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = "Finding your location…";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        lat.value = position.coords.latitude.toFixed(4);
        lng.value = position.coords.longitude.toFixed(4);
        status.textContent = "Showing events near you.";
        form.submit();
      },
      function () {
        button.disabled = false;
        status.textContent = "Your location is not available. Type a latitude and longitude instead.";
        lat.focus();
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
    );
  });
})();
