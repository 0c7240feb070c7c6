// Type to narrow a long <select> of rooms (the page works without this file).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[data-filter-select]").forEach(function (input) {
    var select = document.getElementById(input.dataset.filterSelect);
    if (!select) { return; }
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      var first = null;
      select.querySelectorAll("option").forEach(function (option) {
        var hit = !needle || !option.value || option.text.toLowerCase().indexOf(needle) !== -1;
        option.hidden = !hit;
        if (hit && option.value && first === null) { first = option; }
      });
      if (needle && first) { select.value = first.value; }
    });
  });
});
