// The edit page, made quicker to use; it works without this file too.
// - choosing an engagement level ticks its term;
// - "Add a row" adds an empty row to a list (Django formset: the empty form's template,
//   numbered, and the TOTAL_FORMS count raised);
// - the error summary takes the focus, so that it is read first.
(function () {
  "use strict";

  function levels(form) {
    form.addEventListener("change", function (event) {
      var select = event.target;
      if (!select.matches || !select.matches("select[data-level-for]")) return;
      var box = document.getElementById(select.dataset.levelFor);
      if (box && select.value) box.checked = true;
    });
  }

  function addRows() {
    document.querySelectorAll("button[data-add-row]").forEach(function (button) {
      var key = button.dataset.addRow;
      var template = document.getElementById("empty-" + key);
      var rows = document.getElementById("rows-" + key);
      var total = document.getElementById("id_" + key + "-TOTAL_FORMS");
      if (!template || !rows || !total) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var index = parseInt(total.value, 10) || 0;
        var holder = document.createElement("div");
        holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
        var row = holder.firstElementChild;
        rows.appendChild(row);
        total.value = String(index + 1);
        var first = row.querySelector("input, textarea, select");
        if (first) first.focus();
      });
    });
  }

  function start() {
    var form = document.getElementById("sheet-form");
    if (form) {
      levels(form);
      addRows();
    }
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
