// Issue 18: warn before leaving a form with unsaved changes (an enhancement: without JavaScript the
// forms work the same, only without the warning). Forms opt in with the `data-zvh-unsaved` attribute.
(function () {
  "use strict";
  var dirty = new Set();
  function watch(form) {
    var mark = function () { dirty.add(form); };
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
  }
  document.querySelectorAll("form[data-zvh-unsaved]").forEach(watch);
  // Saving is not leaving: any submit on the page (also a button with form="…") ends the warning.
  document.addEventListener("submit", function () { dirty.clear(); }, true);
  window.addEventListener("beforeunload", function (event) {
    if (dirty.size === 0) return;
    // Browsers show their own text ("Wijzigingen die je hebt aangebracht, worden mogelijk niet opgeslagen").
    event.preventDefault();
    event.returnValue = "";
  });
})();
