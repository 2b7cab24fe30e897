// Error summary (templates/includes/form_errors.html): a link leads to the field's wrapper, so the
// label and the message come into view; this moves the focus into the input as well, without a
// second scroll. Without JavaScript the link still scrolls to the wrapper.
(function () {
  if (window.zvhErrorSummary) return;
  window.zvhErrorSummary = true;
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".zvh-error-summary a[href^='#']");
    if (!link) return;
    var wrapper = document.getElementById(link.getAttribute("href").slice(1));
    if (!wrapper) return;
    var input = document.getElementById(link.dataset.focus || "") ||
      wrapper.querySelector("input:not([type=hidden]), select, textarea");
    event.preventDefault();
    wrapper.scrollIntoView({ block: "start" });
    if (input) input.focus({ preventScroll: true });
  });
})();
