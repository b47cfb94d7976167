// The logging screen (finding_new.html): keyboard shortcuts, "log like
// previous", and an offline queue. Without this script the form posts
// normally. With it, findings go to the JSON API by fetch; when the network
// is down they wait in localStorage, each with its idempotency key, and are
// sent when the browser is back online, so the server stores each once.
(function () {
  "use strict";
  var form = document.getElementById("log-form");
  if (!form || !window.fetch || !window.localStorage || !window.JSON) {
    return;
  }
  var d = form.dataset;
  // Per hackathon and user: a shared laptop never sends one person's
  // queued findings under another's name.
  var scope = d.hackathon + "." + d.user;
  var queueKey = "ketentest.findingqueue." + scope;
  var failedKey = "ketentest.findingfailed." + scope;
  var contextKey = "ketentest.findingcontext." + scope;
  var statusBox = document.getElementById("log-status");
  var queueStatus = document.getElementById("queue-status");
  var queueList = document.getElementById("queue-list");
  var recent = document.getElementById("recent");
  var likeButton = document.getElementById("like-previous");
  var flushing = false;

  function newKey() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
  }

  function load(key) {
    try {
      var v = JSON.parse(localStorage.getItem(key) || "[]");
      return Array.isArray(v) ? v : [];
    } catch (e) {
      return [];
    }
  }

  function save(key, items) {
    localStorage.setItem(key, JSON.stringify(items));
  }

  function fmt(msg, n) { return msg.replace("{n}", String(n)); }

  function field(name) { return form.elements.namedItem(name); }

  // body is the finding as the JSON API takes it.
  function body() {
    var b = {
      title: field("title").value,
      description: field("description").value,
      reported_by: field("reported_by").value,
      chain_link: field("chain_link").value,
      data_service: field("data_service").value,
      kind: field("kind").value,
      severity: field("severity").value,
      organisation_ids: [],
      idempotency_key: field("idempotency_key").value || newKey()
    };
    var orgs = field("organisation_ids");
    for (var i = 0; i < orgs.options.length; i++) {
      if (orgs.options[i].selected) {
        b.organisation_ids.push(parseInt(orgs.options[i].value, 10));
      }
    }
    ["exchange_id", "test_round_id", "scenario_step_id"].forEach(function (k) {
      var el = field(k);
      if (el && el.value) {
        b[k] = parseInt(el.value, 10);
      }
    });
    return b;
  }

  function context(b) {
    return { reported_by: b.reported_by, chain_link: b.chain_link, data_service: b.data_service, kind: b.kind,
      severity: b.severity, organisation_ids: b.organisation_ids };
  }

  function applyContext(c) {
    field("reported_by").value = c.reported_by || "";
    field("chain_link").value = c.chain_link || "overig";
    field("data_service").value = c.data_service || "";
    field("kind").value = c.kind || "technisch";
    field("severity").value = c.severity || "midden";
    var orgs = field("organisation_ids");
    for (var i = 0; i < orgs.options.length; i++) {
      orgs.options[i].selected = (c.organisation_ids || []).indexOf(parseInt(orgs.options[i].value, 10)) >= 0;
    }
  }

  function say(text, link) {
    statusBox.hidden = false;
    statusBox.textContent = text + " ";
    if (link) {
      var a = document.createElement("a");
      a.href = link.href;
      a.textContent = link.text;
      statusBox.appendChild(a);
    }
  }

  function clearErrors() {
    var spans = form.querySelectorAll("[data-error-for]");
    for (var i = 0; i < spans.length; i++) {
      spans[i].textContent = "";
    }
  }

  function showErrors(problem) {
    var errs = (problem && problem.errors) || [];
    var shown = false;
    errs.forEach(function (e) {
      var at = form.querySelector('[data-error-for="' + e.field + '"]');
      if (at) {
        var s = document.createElement("span");
        s.className = "field-error";
        s.setAttribute("role", "alert");
        s.textContent = e.message;
        at.textContent = "";
        at.appendChild(s);
        shown = true;
      }
    });
    if (!shown) {
      say(d.msgFailed + " " + ((problem && problem.detail) || ""));
    }
  }

  // next prepares the form for the next finding: a fresh key, an empty
  // title and description; the context stays when keep is set.
  function next(keep) {
    field("idempotency_key").value = newKey();
    field("title").value = "";
    field("description").value = "";
    if (!keep) {
      applyContext({});
    }
    field("title").focus();
  }

  function addRecent(f) {
    if (!recent) {
      return;
    }
    var empty = recent.querySelector(".muted");
    if (empty) {
      empty.remove();
    }
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = d.findings + "/" + f.id;
    a.textContent = f.key;
    li.appendChild(a);
    li.appendChild(document.createTextNode(" " + f.title));
    recent.insertBefore(li, recent.firstChild);
  }

  function renderQueue() {
    var q = load(queueKey);
    var failed = load(failedKey);
    queueStatus.hidden = q.length === 0;
    queueStatus.textContent = fmt(d.msgQueue, q.length) + (navigator.onLine ? "" : " · " + d.msgOffline);
    queueStatus.dataset.count = String(q.length);
    queueList.textContent = "";
    q.concat(failed).forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = item.body.title + (item.error ? " — " + d.msgFailed + " " + item.error : "");
      if (item.error) {
        li.className = "failed";
      }
      queueList.appendChild(li);
    });
    queueList.hidden = queueList.children.length === 0;
  }

  // send posts one finding. It resolves to {ok, finding} when stored (201)
  // or found stored before (200), {ok:false, retry:true} when it should wait
  // (network down, server unavailable, session expired), and {ok:false,
  // problem} when the server refused it.
  function send(b) {
    return fetch(d.api, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "Idempotency-Key": b.idempotency_key },
      body: JSON.stringify(b)
    }).then(function (resp) {
      if (resp.status === 200 || resp.status === 201) {
        return resp.json().then(function (f) { return { ok: true, finding: f }; });
      }
      if (resp.status === 401 || resp.status === 408 || resp.status === 429 || resp.status >= 500) {
        return { ok: false, retry: true, status: resp.status };
      }
      return resp.json().catch(function () { return {}; }).then(function (p) { return { ok: false, problem: p }; });
    }, function () {
      return { ok: false, retry: true };
    });
  }

  function enqueue(b) {
    var q = load(queueKey);
    if (!q.some(function (x) { return x.body.idempotency_key === b.idempotency_key; })) {
      q.push({ body: b, at: new Date().toISOString() });
      save(queueKey, q);
    }
    renderQueue();
  }

  // flush sends the queue in order, one at a time; an item leaves the
  // queue only once the server acknowledged it.
  function flush() {
    if (flushing || !navigator.onLine) {
      renderQueue();
      return Promise.resolve();
    }
    var q = load(queueKey);
    if (q.length === 0) {
      renderQueue();
      return Promise.resolve();
    }
    flushing = true;
    var item = q[0];
    return send(item.body).then(function (res) {
      var rest = load(queueKey).filter(function (x) { return x.body.idempotency_key !== item.body.idempotency_key; });
      if (res.ok) {
        save(queueKey, rest);
        addRecent(res.finding);
        say(fmt(d.msgSent, 1), { href: d.findings + "/" + res.finding.id, text: res.finding.key });
      } else if (res.retry) {
        flushing = false;
        if (res.status === 401) {
          say(d.msgLogin);
        }
        renderQueue();
        return;
      } else {
        save(queueKey, rest);
        var failed = load(failedKey);
        var msg = ((res.problem && res.problem.errors) || []).map(function (e) { return e.field + ": " + e.message; }).join("; ");
        item.error = msg || (res.problem && res.problem.detail) || "";
        failed.push(item);
        save(failedKey, failed);
      }
      flushing = false;
      renderQueue();
      return flush();
    });
  }

  function submit(keep) {
    clearErrors();
    var b = body();
    if (!b.title.trim()) {
      showErrors({ errors: [{ field: "title", message: field("title").validationMessage || "required" }] });
      field("title").focus();
      return;
    }
    localStorage.setItem(contextKey, JSON.stringify(context(b)));
    likeButton.hidden = false;
    if (!navigator.onLine || load(queueKey).length > 0) {
      // Keep the order: behind what is already waiting.
      enqueue(b);
      say(d.msgQueued);
      next(keep);
      flush();
      return;
    }
    send(b).then(function (res) {
      if (res.ok) {
        addRecent(res.finding);
        say(d.msgSaved, { href: d.findings + "/" + res.finding.id, text: res.finding.key });
        next(keep);
      } else if (res.retry) {
        enqueue(b);
        say(d.msgQueued);
        next(keep);
      } else {
        showErrors(res.problem);
      }
    });
  }

  function likePrevious() {
    var c;
    try {
      c = JSON.parse(localStorage.getItem(contextKey) || "null");
    } catch (e) {
      c = null;
    }
    if (!c) {
      say(d.msgNolike);
      return;
    }
    applyContext(c);
    say(d.msgLike);
    field("title").focus();
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var keep = ev.submitter && ev.submitter.value === "like";
    submit(keep);
  });

  document.addEventListener("keydown", function (ev) {
    if ((ev.ctrlKey || ev.metaKey) && ev.key === "Enter") {
      ev.preventDefault();
      submit(ev.shiftKey);
    } else if (ev.altKey && (ev.key === "l" || ev.key === "L" || ev.code === "KeyL")) {
      ev.preventDefault();
      likePrevious();
    } else if (ev.altKey && (ev.key === "t" || ev.key === "T" || ev.code === "KeyT")) {
      ev.preventDefault();
      field("title").focus();
    } else if (ev.key === "Escape" && form.contains(document.activeElement)) {
      next(true);
      clearErrors();
    }
  });

  likeButton.addEventListener("click", likePrevious);
  likeButton.hidden = !localStorage.getItem(contextKey);
  window.addEventListener("online", flush);
  window.addEventListener("offline", renderQueue);
  setInterval(flush, 5000);
  renderQueue();
  flush();
})();
