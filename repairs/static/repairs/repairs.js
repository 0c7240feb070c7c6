// The filing form's helpers; the page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Type to narrow a long <select> of rooms, by name or by the code on the door.
  document.querySelectorAll("input[data-filter-select]").forEach(function (input) {
    var select = document.getElementById(input.dataset.filterSelect);
    if (!select) { return; }
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      var first = null;
      select.querySelectorAll("option").forEach(function (option) {
        var text = (option.text + " " + (option.dataset.code || "")).toLowerCase();
        var hit = !needle || !option.value || text.indexOf(needle) !== -1;
        option.hidden = !hit;
        if (hit && option.value && first === null) { first = option; }
      });
      if (needle && first && select.value !== first.value) {
        select.value = first.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  });

  // Open requests for the chosen place and category, shown while the form is
  // filled in: follow one instead, or tick "a different problem" before sending.
  var panel = document.getElementById("similar");
  var room = document.getElementById("id_location");
  var kind = document.getElementById("id_category");
  var anyway = document.querySelector("[data-file-anyway]");
  if (!panel || !room || !kind) { return; }
  var asked = 0;
  function refresh() {
    if (!room.value || !kind.value) {
      panel.innerHTML = "";
      if (anyway) { anyway.hidden = true; }
      return;
    }
    var ticket = ++asked;
    var url = panel.dataset.similarUrl + "?" + new URLSearchParams({
      location: room.value, category: kind.value
    });
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (ticket !== asked) { return; }  // an older answer arriving late
        panel.innerHTML = html;
        if (anyway) { anyway.hidden = !panel.querySelector("[data-similar-count]"); }
      })
      .catch(function () {});
  }
  room.addEventListener("change", refresh);
  kind.addEventListener("change", refresh);
  if (room.value && kind.value && !panel.querySelector("[data-similar-count]")) {
    refresh();
  }
});
