// The admin's accessibility fixes (loaded by templates/admin/base_site.html).
(function () {
  "use strict";

  // Django's two-box selector (filter_horizontal) names its search icons with aria-label on a
  // <span> that has no role, which assistive technology ignores (axe: aria-prohibited-attr).
  // It is a picture with a name: say so. The widget is built after load, so wait for it.
  function nameIcons() {
    document.querySelectorAll("span.search-label-icon[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  window.addEventListener("load", function () {
    nameIcons();
    window.setTimeout(nameIcons, 0);
  });
})();
