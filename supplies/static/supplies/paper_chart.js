// Paper use: sheets by month, this year against last year (data from json_script).
(function () {
  "use strict";
  var source = document.getElementById("paper-chart-data");
  var canvas = document.getElementById("paper-chart");
  if (!source || !canvas || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.last_label, data: data.last_year, backgroundColor: "#adb5bd" },
        { label: data.this_label, data: data.this_year, backgroundColor: "#0d6efd" }
      ]
    },
    options: { responsive: true, scales: { y: { beginAtZero: true } } }
  });
})();
