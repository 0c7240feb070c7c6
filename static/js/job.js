// A background job's page: follow its progress, and show the result when done.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status]");
  if (!box) return;
  var bar = box.querySelector(".progress-bar");
  var meter = box.querySelector("[data-job-progress]");
  var label = box.querySelector("[data-job-label]");
  function show(percent) {
    if (!bar) return;
    bar.style.width = percent + "%";
    meter.setAttribute("aria-valuenow", String(percent));
  }
  show(bar ? Number(bar.dataset.percent || 0) : 0);
  if (box.dataset.finished === "1") return;
  function poll() {
    fetch(box.dataset.jobStatus, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.finished) { window.location.reload(); return; }
        label.textContent = state.label;
        show(state.percent);
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
