// Adds a purchase line to the form from its <template> (no inline scripts: CSP).
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("add-line");
  var template = document.getElementById("line-template");
  var total = document.getElementById("id_lines-TOTAL_FORMS");
  if (!button || !template || !total) return;
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    document.getElementById("lines").insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
  });
});
