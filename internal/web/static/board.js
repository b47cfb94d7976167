// Live board: starts from the snapshot (board.json: the counts, from one
// aggregate query, and the newest findings), then follows the server-sent
// events of the hackathon's findings. An event updates the newest findings
// at once and asks for fresh counts, at most once every few seconds, so a
// viewer's cost does not grow with the number of findings.
(function () {
  "use strict";
  var root = document.getElementById("board");
  if (!root || !window.EventSource || !window.fetch) return;
  var labels = JSON.parse(root.dataset.labels || "{}");
  var stateEl = document.getElementById("board-state");
  var items = new Map();
  var source = null;
  var counts = null;
  var pending = false;
  var NEWEST = 15;
  var REFRESH_MS = 3000;
  var refreshing = false, refreshAgain = false, lastRefresh = 0;

  function text(key) { return (labels.text && labels.text[key]) || key; }
  function label(kind, key) { return (labels[kind] && labels[kind][key]) || key; }
  function setState(key) { if (stateEl) stateEl.textContent = text(key); root.dataset.state = key; }

  function cell(tr, value, href) {
    var td = document.createElement("td");
    if (href) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = value;
      td.appendChild(a);
    } else {
      td.textContent = value;
    }
    tr.appendChild(td);
  }

  // fill writes the counts of one kind; rows for keys the page did not
  // render (a new actor) are added.
  function fill(kind, counts, labelKind) {
    var body = root.querySelector('tbody[data-count="' + kind + '"]');
    if (!body) return;
    var rows = {};
    body.querySelectorAll("tr[data-key]").forEach(function (tr) { rows[tr.dataset.key] = tr; });
    Object.keys(counts).forEach(function (k) {
      if (!rows[k]) {
        var tr = document.createElement("tr");
        tr.dataset.key = k;
        cell(tr, labelKind ? label(labelKind, k) : k);
        cell(tr, "0");
        body.appendChild(tr);
        rows[k] = tr;
      }
    });
    Object.keys(rows).forEach(function (k) {
      var n = counts[k] || 0;
      var td = rows[k].lastElementChild;
      if (td.textContent !== String(n)) {
        td.textContent = String(n);
        rows[k].classList.add("changed");
        setTimeout(function () { rows[k].classList.remove("changed"); }, 1500);
      }
    });
  }

  function render() {
    pending = false;
    var c = counts || { total: 0, open: 0, status: {}, severity: {}, actor: {}, chain_link: {} };
    document.getElementById("board-total").textContent = String(c.total);
    document.getElementById("board-open").textContent = String(c.open);
    fill("status", c.status || {}, "status");
    fill("severity", c.severity || {}, "severity");
    fill("actor", c.actor || {}, null);
    fill("chain_link", c.chain_link || {}, "chain_link");
    var newest = Array.from(items.values()).sort(function (a, b) { return b.id - a.id; }).slice(0, NEWEST);
    items = new Map(newest.map(function (f) { return [f.id, f]; }));
    var body = document.getElementById("board-newest");
    body.replaceChildren();
    if (newest.length === 0) {
      var tr = document.createElement("tr");
      cell(tr, text("finding.none"));
      tr.firstChild.colSpan = 6;
      body.appendChild(tr);
    }
    newest.forEach(function (f) {
      var tr = document.createElement("tr");
      tr.dataset.id = String(f.id);
      cell(tr, f.key, root.dataset.findings + f.id);
      cell(tr, f.title);
      cell(tr, label("status", f.status));
      cell(tr, label("severity", f.severity));
      cell(tr, label("chain_link", f.chain_link));
      cell(tr, f.actor || "–");
      body.appendChild(tr);
    });
  }

  function schedule() {
    if (!pending) {
      pending = true;
      setTimeout(render, 150);
    }
  }

  function merge(list) {
    list.forEach(function (f) {
      var old = items.get(f.id);
      if (!old || old.updated_at <= f.updated_at) items.set(f.id, f);
    });
  }

  // refreshCounts fetches fresh counts after changes, at most once every
  // REFRESH_MS and never two at a time.
  function refreshCounts() {
    if (refreshing) { refreshAgain = true; return; }
    var wait = lastRefresh + REFRESH_MS - Date.now();
    if (wait > 0) { refreshing = true; setTimeout(function () { refreshing = false; refreshCounts(); }, wait); return; }
    refreshing = true;
    lastRefresh = Date.now();
    fetch(root.dataset.snapshot, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (snap) { counts = snap.counts; merge(snap.findings); schedule(); })
      .catch(function () {})
      .then(function () {
        refreshing = false;
        if (refreshAgain) { refreshAgain = false; refreshCounts(); }
      });
  }

  function connect(since) {
    if (source) source.close();
    setState("board.connecting");
    source = new EventSource(root.dataset.events + "?since=" + encodeURIComponent(since));
    source.addEventListener("open", function () { setState("board.live"); });
    source.addEventListener("finding", function (e) {
      merge([JSON.parse(e.data)]);
      schedule();
      refreshCounts();
    });
    // Events were missed (the server no longer holds them): start over.
    source.addEventListener("reset", function () { load(); });
    source.addEventListener("error", function () {
      setState("board.offline");
      // EventSource retries by itself unless the server refused the stream.
      if (source.readyState === EventSource.CLOSED) setTimeout(load, 5000);
    });
  }

  function load() {
    if (source) { source.close(); source = null; }
    fetch(root.dataset.snapshot, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (snap) {
        items = new Map();
        counts = snap.counts;
        lastRefresh = Date.now();
        merge(snap.findings);
        render();
        connect(snap.last_event_id);
      })
      .catch(function () { setState("board.offline"); setTimeout(load, 5000); });
  }

  load();
})();
