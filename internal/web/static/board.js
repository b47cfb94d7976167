// Live board: starts from the snapshot (board.json), then follows the
// server-sent events of the hackathon's findings and recounts in the
// browser, so 200 viewers cost the server one stream each and nothing more.
(function () {
  "use strict";
  var root = document.getElementById("board");
  if (!root || !window.EventSource || !window.fetch) return;
  var labels = JSON.parse(root.dataset.labels || "{}");
  var stateEl = document.getElementById("board-state");
  var items = new Map();
  var source = null;
  var pending = false;
  var NEWEST = 15;

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

  var closed = { opgelost: 1, geverifieerd: 1, niet_oplossen: 1, duplicaat: 1 };

  function render() {
    pending = false;
    var c = { status: {}, severity: {}, actor: {}, chain_link: {} };
    var open = 0;
    items.forEach(function (f) {
      c.status[f.status] = (c.status[f.status] || 0) + 1;
      c.severity[f.severity] = (c.severity[f.severity] || 0) + 1;
      var actor = f.actor || "–";
      c.actor[actor] = (c.actor[actor] || 0) + 1;
      c.chain_link[f.chain_link] = (c.chain_link[f.chain_link] || 0) + 1;
      if (!closed[f.status]) open++;
    });
    document.getElementById("board-total").textContent = String(items.size);
    document.getElementById("board-open").textContent = String(open);
    fill("status", c.status, "status");
    fill("severity", c.severity, "severity");
    fill("actor", c.actor, null);
    fill("chain_link", c.chain_link, "chain_link");
    var newest = Array.from(items.values()).sort(function (a, b) { return b.id - a.id; }).slice(0, NEWEST);
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

  function connect(since) {
    if (source) source.close();
    setState("board.connecting");
    source = new EventSource(root.dataset.events + "?since=" + encodeURIComponent(since));
    source.addEventListener("open", function () { setState("board.live"); });
    source.addEventListener("finding", function (e) {
      var f = JSON.parse(e.data);
      var old = items.get(f.id);
      if (!old || old.updated_at <= f.updated_at) items.set(f.id, f);
      schedule();
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
        snap.findings.forEach(function (f) { items.set(f.id, f); });
        render();
        connect(snap.last_event_id);
      })
      .catch(function () { setState("board.offline"); setTimeout(load, 5000); });
  }

  load();
})();
