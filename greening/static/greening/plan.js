/* The campus plan: each zone's area as an SVG polygon over the plan image,
   coloured by its latest score or its open problems, hatched when recently
   sprayed; a tap opens the zone. The head draws an area by tapping its corners
   (stored as fractions 0..1 of the image's width and height). */
(function () {
  "use strict";
  var box = document.getElementById("plan");
  var source = document.getElementById("plan-data");
  if (!box || !source) return;
  var data = JSON.parse(source.textContent);
  var svg = document.getElementById("plan-svg");
  var NS = "http://www.w3.org/2000/svg";
  var view = svg.viewBox.baseVal;
  var W = view.width || 1000, H = view.height || 700;
  var mode = box.getAttribute("data-mode");

  function colour(zone) {
    if (mode === "problems") {
      if (!zone.problems) return "#2e7d32";
      return zone.problems <= 2 ? "#ef6c00" : "#c62828";
    }
    if (zone.score === null) return "#9e9e9e";
    if (zone.score >= 32) return "#2e7d32";
    if (zone.score >= 24) return "#f9a825";
    return "#c62828";
  }

  var defs = document.createElementNS(NS, "defs");
  defs.innerHTML = '<pattern id="keep-off" width="12" height="12" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="12" fill="#c62828" fill-opacity="0.6"></rect></pattern>';
  svg.appendChild(defs);

  function points(outline) {
    return outline.map(function (p) { return (p[0] * W).toFixed(1) + "," + (p[1] * H).toFixed(1); }).join(" ");
  }

  data.zones.forEach(function (zone) {
    if (!zone.outline || zone.outline.length < 3) return;
    var link = document.createElementNS(NS, "a");
    link.setAttribute("href", zone.url);
    var title = document.createElementNS(NS, "title");
    var text = zone.name + " · " + (zone.score === null ? data.labels.noScore : zone.score + "/40");
    if (zone.problems) text += " · " + zone.problems + " " + data.labels.problems;
    if (zone.keepOff) text += " · " + data.labels.keepOff;
    title.textContent = text;
    link.setAttribute("aria-label", text);
    var shape = document.createElementNS(NS, "polygon");
    shape.setAttribute("points", points(zone.outline));
    shape.setAttribute("fill", colour(zone));
    shape.setAttribute("fill-opacity", "0.45");
    shape.setAttribute("stroke", "#1b5e20");
    shape.setAttribute("stroke-width", "2");
    shape.setAttribute("data-zone", zone.id);
    link.appendChild(title);
    link.appendChild(shape);
    if (zone.keepOff) {
      var hatch = document.createElementNS(NS, "polygon");
      hatch.setAttribute("points", points(zone.outline));
      hatch.setAttribute("fill", "url(#keep-off)");
      link.appendChild(hatch);
    }
    svg.appendChild(link);
  });

  // Drawing an area (the head): tap corners, then save.
  var drawing = null, corners = [], preview = null;
  document.querySelectorAll(".draw-start").forEach(function (button) {
    button.addEventListener("click", function () {
      drawing = button.closest("form");
      corners = [];
      if (preview) preview.remove();
      preview = document.createElementNS(NS, "polygon");
      preview.setAttribute("fill", "#1565c0");
      preview.setAttribute("fill-opacity", "0.35");
      preview.setAttribute("stroke", "#0d47a1");
      preview.setAttribute("stroke-width", "2");
      svg.appendChild(preview);
      drawing.querySelector(".draw-save").hidden = false;
      box.scrollIntoView({ behavior: "smooth" });
      box.setAttribute("title", data.labels.drawHelp);
    });
  });
  svg.addEventListener("click", function (event) {
    if (!drawing) return;
    event.preventDefault();
    var rect = svg.getBoundingClientRect();
    var x = Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width));
    var y = Math.min(1, Math.max(0, (event.clientY - rect.top) / rect.height));
    if (corners.length >= 40) return;
    corners.push([Math.round(x * 10000) / 10000, Math.round(y * 10000) / 10000]);
    preview.setAttribute("points", points(corners));
    drawing.querySelector("input[name=outline]").value = JSON.stringify(corners);
  });
})();
