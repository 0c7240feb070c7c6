/* The rankings' charts, drawn from the figures the page puts in #ranking-chart
   (the tables beside them hold the same figures). */
(function () {
  "use strict";
  var source = document.getElementById("ranking-chart");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var colours = ["#2e7d32", "#1565c0", "#ef6c00", "#6a1b9a", "#c62828", "#00838f", "#9e9d24", "#4e342e", "#37474f"];
  var bar = document.getElementById("class-chart");
  if (bar && data.bar.labels.length) {
    new Chart(bar, {
      type: "bar",
      data: { labels: data.bar.labels, datasets: [{ label: data.bar.label, data: data.bar.data, backgroundColor: "#43a047" }] },
      options: { maintainAspectRatio: false, scales: { y: { min: 0, max: 40 } }, plugins: { legend: { display: false } } }
    });
  }
  var trend = document.getElementById("trend-chart");
  if (trend && data.trend.weeks.length) {
    new Chart(trend, {
      type: "line",
      data: {
        labels: data.trend.weeks,
        datasets: data.trend.series.map(function (s, i) {
          return { label: s.label, data: s.data, borderColor: colours[i % colours.length], backgroundColor: colours[i % colours.length], spanGaps: true, borderWidth: i === 0 ? 3 : 1.5, tension: 0.2 };
        })
      },
      options: { maintainAspectRatio: false, scales: { y: { min: 0, max: 40 } } }
    });
  }
})();
