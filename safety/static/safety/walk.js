/* A patrol round on a phone. Every tap is kept in localStorage at once and sent
   to the server in order; each operation carries an id made here, so a resend
   after a dropped connection never stores anything twice. */
(function () {
  "use strict";
  var dataNode = document.getElementById("round-data");
  if (!dataNode) { return; }
  var data = JSON.parse(dataNode.textContent);
  var messages = document.getElementById("round-messages").dataset;
  var statusNode = document.getElementById("round-status");
  var errorNode = document.getElementById("round-error");
  var csrf = document.querySelector("#csrf-holder input[name=csrfmiddlewaretoken]").value;
  var key = "safety-round-" + data.schedule + "-" + data.day;
  var sending = false;

  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = Math.random() * 16 | 0;
      return (c === "x" ? r : (r & 0x3 | 0x8)).toString(16);
    });
  }

  function load() {
    var state = null;
    try { state = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { state = null; }
    if (!state || (data.round && state.round !== data.round)) {
      state = { round: data.round || newId(), answers: {}, visited: {}, queue: [], finished: data.finished };
      if (!data.round) { state.queue.push({ op: "start", id: state.round }); }
    }
    Object.keys(data.answers).forEach(function (k) {
      if (!(k in state.answers)) { state.answers[k] = { answer: data.answers[k] }; }
    });
    data.checkpoints.forEach(function (cp) {
      if (cp.visited && !state.visited[cp.id]) { state.visited[cp.id] = "sent"; }
    });
    return state;
  }

  var state = load();

  function save() {
    try { localStorage.setItem(key, JSON.stringify(state)); }
    catch (e) {
      // Full storage (a large photo): keep the answer, drop the photo.
      state.queue.forEach(function (op) { delete op.photo; });
      try { localStorage.setItem(key, JSON.stringify(state)); } catch (e2) { /* nothing more to do */ }
    }
  }

  function render() {
    document.querySelectorAll(".checkpoint").forEach(function (card) {
      var id = card.dataset.checkpoint;
      card.querySelector(".js-visited").hidden = !state.visited[id];
      card.querySelectorAll(".item").forEach(function (fs) {
        var entry = state.answers[id + ":" + fs.dataset.item];
        fs.querySelectorAll(".js-answer").forEach(function (b) {
          var on = !!entry && entry.answer === b.dataset.answer;
          b.setAttribute("aria-pressed", on ? "true" : "false");
          b.classList.toggle("active", on);
        });
        fs.querySelector(".js-problem").hidden = !(entry && entry.answer === "problem");
      });
    });
    var waiting = state.queue.length;
    var text = navigator.onLine ? messages.online || statusNode.dataset.online : statusNode.dataset.offline;
    if (waiting) { text += " · " + waiting + " " + statusNode.dataset.waiting; }
    else if (navigator.onLine) { text = statusNode.dataset.sent; }
    statusNode.textContent = text;
    statusNode.dataset.queued = String(waiting);
    document.getElementById("finish-round").disabled = !!state.finished;
    if (state.finished && state.url) {
      var done = document.getElementById("round-done");
      done.hidden = false;
      done.querySelector("a").href = state.url;
    }
  }

  function enqueue(op) {
    op.id = op.id || newId();
    state.queue.push(op);
    save();
    render();
    flush();
  }

  function dataUrlToBlob(url) {
    var parts = url.split(","), mime = parts[0].split(":")[1].split(";")[0];
    var bytes = atob(parts[1]), array = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i++) { array[i] = bytes.charCodeAt(i); }
    return new Blob([array], { type: mime });
  }

  function send(op) {
    var form = new FormData();
    form.append("op", op.op);
    form.append("round", state.round);
    form.append("schedule", data.schedule);
    form.append("day", data.day);
    ["id", "checkpoint", "item", "answer", "note", "method"].forEach(function (name) {
      if (op[name] !== undefined) { form.append(name, op[name]); }
    });
    if (op.photo) { form.append("photo", dataUrlToBlob(op.photo), "photo.jpg"); }
    return fetch(data.sync_url, {
      method: "POST", body: form, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "X-Requested-With": "fetch" }
    });
  }

  function flush() {
    if (sending || !state.queue.length || !navigator.onLine) { render(); return; }
    sending = true;
    var op = state.queue[0];
    send(op).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok) {
          if (body.url) { state.url = body.url; }
          errorNode.textContent = "";
        } else if (response.status >= 500 || response.status === 403) {
          throw new Error("retry");
        } else {
          errorNode.textContent = body.error || response.statusText;
        }
        state.queue.shift();
        save();
      });
    }).then(function () {
      sending = false;
      render();
      flush();
    }).catch(function () {
      // No network (or the server is down): keep the queue, try again later.
      sending = false;
      render();
      window.setTimeout(flush, 15000);
    });
  }

  function visit(card, method) {
    var id = card.dataset.checkpoint;
    if (state.visited[id]) { return; }
    state.visited[id] = method;
    enqueue({ op: "visit", checkpoint: id, method: method });
  }

  function matches(cp, text) {
    text = (text || "").trim();
    var place = text.match(/\/places\/(\d+)\/?/);
    if (place) { return String(cp.location) === place[1]; }
    var report = text.match(/\/report\/([^\/?#]+)\/?/);
    var code = report ? decodeURIComponent(report[1]) : text;
    return !!cp.code && code.toUpperCase() === cp.code.toUpperCase();
  }

  function byId(id) {
    for (var i = 0; i < data.checkpoints.length; i++) {
      if (String(data.checkpoints[i].id) === String(id)) { return data.checkpoints[i]; }
    }
    return null;
  }

  function scanned(card, text) {
    if (matches(byId(card.dataset.checkpoint), text)) {
      errorNode.textContent = "";
      visit(card, "qr");
    } else {
      errorNode.textContent = messages.wrongCode;
    }
  }

  function startScan(card) {
    var video = card.querySelector(".js-video");
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      var timer = window.setInterval(function () {
        detector.detect(video).then(function (codes) {
          if (!codes.length) { return; }
          window.clearInterval(timer);
          stream.getTracks().forEach(function (t) { t.stop(); });
          video.hidden = true;
          scanned(card, codes[0].rawValue);
        });
      }, 300);
    }).catch(function (e) { errorNode.textContent = String(e); });
  }

  function readPhoto(input) {
    return new Promise(function (resolve) {
      var file = input.files && input.files[0];
      if (!file) { resolve(""); return; }
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = function () { resolve(""); };
      reader.readAsDataURL(file);
    });
  }

  document.querySelectorAll(".checkpoint").forEach(function (card) {
    var cpId = card.dataset.checkpoint;
    card.querySelector(".js-tick").addEventListener("click", function () { visit(card, "tick"); });
    var scan = card.querySelector(".js-scan");
    if ("BarcodeDetector" in window && navigator.mediaDevices) {
      scan.hidden = false;
      scan.addEventListener("click", function () { startScan(card); });
    }
    card.querySelector(".js-check-code").addEventListener("click", function () {
      scanned(card, card.querySelector(".js-code").value);
    });
    card.querySelectorAll(".item").forEach(function (fs) {
      var item = fs.dataset.item;
      fs.querySelectorAll(".js-answer").forEach(function (button) {
        button.addEventListener("click", function () {
          var answer = button.dataset.answer;
          state.answers[cpId + ":" + item] = { answer: answer };
          enqueue({ op: "answer", checkpoint: cpId, item: item, answer: answer, note: "" });
        });
      });
      fs.querySelector(".js-save-problem").addEventListener("click", function () {
        var note = fs.querySelector(".js-note").value;
        readPhoto(fs.querySelector(".js-photo")).then(function (photo) {
          var op = { op: "answer", checkpoint: cpId, item: item, answer: "problem", note: note };
          if (photo) { op.photo = photo; }
          state.answers[cpId + ":" + item] = { answer: "problem", note: note };
          enqueue(op);
        });
      });
    });
  });

  document.getElementById("finish-round").addEventListener("click", function () {
    state.finished = true;
    enqueue({ op: "finish", note: document.getElementById("round-note").value });
  });

  window.addEventListener("online", flush);
  window.addEventListener("offline", render);
  render();
  flush();
})();
