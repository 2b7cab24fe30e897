// Issue 18: the triage decision shows only what the chosen outcome needs, and the professional
// picker gets a filter by name or organisation. An enhancement: without JavaScript every part is
// shown with a heading naming its outcome, and the server ignores the parts not needed.
(function () {
  "use strict";
  var form = document.querySelector("form[data-zvh-triage-decision]");
  if (!form) return;
  document.querySelectorAll("[data-zvh-without-js]").forEach(function (el) { el.hidden = true; });

  var parts = form.querySelectorAll("[data-outcomes]");
  function showChosen() {
    var chosen = form.querySelector("input[name='outcome']:checked");
    var value = chosen ? chosen.value : "";
    parts.forEach(function (part) {
      part.hidden = part.getAttribute("data-outcomes").split(" ").indexOf(value) === -1;
    });
  }
  form.querySelectorAll("input[name='outcome']").forEach(function (radio) {
    radio.addEventListener("change", showChosen);
  });
  showChosen();

  // The inclusion criteria of the chosen programme only (the server checks only those too).
  var programme = form.querySelector("select[name='programme']");
  var criteria = form.querySelectorAll("[data-zvh-programme]");
  function showCriteria() {
    criteria.forEach(function (group) {
      group.hidden = !programme || group.getAttribute("data-zvh-programme") !== programme.value;
    });
  }
  if (programme) programme.addEventListener("change", showCriteria);
  showCriteria();

  form.querySelectorAll("[data-zvh-picker]").forEach(function (picker) {
    var box = picker.querySelector("[data-zvh-picker-filter]");
    if (!box) return;
    var input = box.querySelector("input");
    var count = box.querySelector("[aria-live]");
    var items = picker.querySelectorAll("[data-zvh-picker-item]");
    box.hidden = false;
    function filter() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item) {
        var text = item.getAttribute("data-zvh-picker-item");
        var ticked = item.querySelector("input").checked; // a choice never disappears
        var match = ticked || words.every(function (w) { return text.indexOf(w) !== -1; });
        item.hidden = !match;
        if (match) shown += 1;
      });
      picker.querySelectorAll("[data-zvh-picker-group]").forEach(function (group) {
        group.hidden = !group.querySelector("[data-zvh-picker-item]:not([hidden])");
      });
      count.textContent = words.length ? shown + " van " + items.length + " professionals getoond" : "";
    }
    input.addEventListener("input", filter);
    // Enter in the filter filters; it does not submit the decision.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
  });
})();
