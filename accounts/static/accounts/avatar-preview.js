// Shows the chosen picture before it is uploaded. Without this file the form works the same,
// only without the preview.
(function () {
  "use strict";

  function setUp(form) {
    var input = form.querySelector('input[type="file"]');
    var figure = form.querySelector("[data-avatar-preview]");
    if (!input || !figure || !window.URL || !URL.createObjectURL) {
      return;
    }
    var image = figure.querySelector("img");
    var previous = null;
    input.addEventListener("change", function () {
      if (previous) {
        URL.revokeObjectURL(previous);
        previous = null;
      }
      var file = input.files && input.files[0];
      if (!file || !/^image\//.test(file.type)) {
        figure.hidden = true;
        return;
      }
      previous = URL.createObjectURL(file);
      image.src = previous;
      figure.hidden = false;
    });
  }

  function init() {
    var forms = document.querySelectorAll("[data-avatar-form]");
    for (var i = 0; i < forms.length; i += 1) {
      setUp(forms[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
