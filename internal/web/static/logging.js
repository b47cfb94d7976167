// The logging screen (finding_new.html): keyboard shortcuts, "log like
// previous", and an offline queue. Without this script the form posts
// normally. With it, findings go to the JSON API by fetch; when the network
// is down they wait in localStorage, each with its idempotency key, and are
// sent when the browser is back online, so the server stores each once.
// A service worker (offline-sw.js) keeps a copy of this screen so it also
// opens offline; a refused item stays listed for correction, an expired
// session keeps the queue until the user logged in again, and network or
// server errors are retried with backoff.
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
  var banner = document.getElementById("offline-banner");
  var readyNote = document.getElementById("offline-ready");
  var flushing = false;
  // Backoff of the queue after a failed attempt: 2 s doubling to 60 s.
  var delay = 0;
  var timer = null;
  var retryAt = 0;
  var needLogin = false;
  var offlineCopy = banner && banner.dataset.offlineCopy === "1";

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
    ["exchange_id", "pgo_exchange_id", "test_round_id", "scenario_step_id"].forEach(function (k) {
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
      if (link.blank) {
        a.target = "_blank";
        a.rel = "noopener";
        a.id = "relogin";
      }
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

  function clock(t) {
    return t.toLocaleTimeString(document.documentElement.lang || "nl", { hour: "2-digit", minute: "2-digit" });
  }

  function button(text, action, key, title) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "link";
    b.textContent = text;
    b.setAttribute("aria-label", text + ": " + title);
    b.dataset.action = action;
    b.dataset.key = key;
    return b;
  }

  function renderQueue() {
    var q = load(queueKey);
    var failed = load(failedKey);
    queueStatus.hidden = q.length === 0;
    var s = fmt(d.msgQueue, q.length) + (navigator.onLine ? "" : " · " + d.msgOffline);
    if (q.length > 0 && retryAt > Date.now()) {
      s += " · " + d.msgRetryAt.replace("{time}", new Date(retryAt).toLocaleTimeString(document.documentElement.lang || "nl"));
    }
    queueStatus.textContent = s;
    queueStatus.dataset.count = String(q.length);
    queueStatus.dataset.rejected = String(failed.length);
    queueList.textContent = "";
    q.forEach(function (item) {
      var li = document.createElement("li");
      li.dataset.state = "queued";
      li.dataset.key = item.body.idempotency_key;
      li.appendChild(document.createTextNode(item.body.title + " — " + d.msgWaiting));
      li.appendChild(button(d.msgRemove, "remove", item.body.idempotency_key, item.body.title));
      queueList.appendChild(li);
    });
    failed.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "rejected failed";
      li.dataset.state = "rejected";
      li.dataset.key = item.body.idempotency_key;
      li.appendChild(document.createTextNode(item.body.title + " — " + d.msgRejected + " " + (item.error || "")));
      li.appendChild(button(d.msgCorrect, "correct", item.body.idempotency_key, item.body.title));
      li.appendChild(button(d.msgRemove, "remove", item.body.idempotency_key, item.body.title));
      queueList.appendChild(li);
    });
    queueList.hidden = queueList.children.length === 0;
  }

  function without(items, key) {
    return items.filter(function (x) { return x.body.idempotency_key !== key; });
  }

  // remove drops an item from the queue or the rejected list.
  function remove(key) {
    var all = load(queueKey).concat(load(failedKey));
    var item = all.filter(function (x) { return x.body.idempotency_key === key; })[0];
    save(queueKey, without(load(queueKey), key));
    save(failedKey, without(load(failedKey), key));
    if (item) {
      say(d.msgRemoved + " " + item.body.title);
    }
    renderQueue();
  }

  // correct puts a rejected item back in the form, with its key: saving it
  // again replaces the rejected entry.
  function correct(key) {
    var item = load(failedKey).filter(function (x) { return x.body.idempotency_key === key; })[0];
    if (!item) {
      return;
    }
    var b = item.body;
    applyContext(b);
    field("title").value = b.title || "";
    field("description").value = b.description || "";
    field("idempotency_key").value = b.idempotency_key;
    clearErrors();
    if (item.problem) {
      showErrors(item.problem);
    }
    say(d.msgCorrected);
    field("title").focus();
  }

  function showLogin() {
    say(d.msgRelogin, { href: "/login?next=" + encodeURIComponent(location.pathname), text: d.msgLoginLink, blank: true });
  }

  // schedule plans the next attempt after a failure, with exponential
  // backoff and some jitter so many laptops do not retry in step.
  function schedule(status) {
    delay = delay ? Math.min(delay * 2, 60000) : 2000;
    if (status === 401) {
      delay = Math.min(delay, 10000);
    }
    var wait = Math.round(delay * (0.8 + Math.random() * 0.4));
    clearTimeout(timer);
    retryAt = Date.now() + wait;
    timer = setTimeout(function () { timer = null; flush(); }, wait);
  }

  // retryNow skips the backoff: the browser is back online, or the user
  // returned to the tab (perhaps after logging in again elsewhere).
  function retryNow() {
    clearTimeout(timer);
    timer = null;
    retryAt = 0;
    flush();
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
      return resp.json().catch(function () { return {}; }).then(function (p) {
        if (!p.detail && !p.errors) {
          p.detail = "HTTP " + resp.status;
        }
        return { ok: false, problem: p, status: resp.status };
      });
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
    save(failedKey, without(load(failedKey), b.idempotency_key));
    renderQueue();
  }

  // flush sends the queue in order, one at a time; an item leaves the
  // queue only once the server acknowledged it (201, or 200 when it was
  // stored before under the same key). A refusal (4xx) moves it to the
  // rejected list for correction; 401 keeps the queue and asks to log in
  // again; a network or server error retries with backoff.
  function flush() {
    if (flushing || !navigator.onLine || timer) {
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
      flushing = false;
      var key = item.body.idempotency_key;
      if (res.ok) {
        delay = 0;
        retryAt = 0;
        save(queueKey, without(load(queueKey), key));
        save(failedKey, without(load(failedKey), key));
        addRecent(res.finding);
        say(fmt(d.msgSent, 1), { href: d.findings + "/" + res.finding.id, text: res.finding.key });
        needLogin = false;
      } else if (res.retry) {
        if (res.status === 401) {
          needLogin = true;
          showLogin();
        }
        schedule(res.status);
        renderQueue();
        return;
      } else {
        delay = 0;
        save(queueKey, without(load(queueKey), key));
        var failed = without(load(failedKey), key);
        var msg = ((res.problem && res.problem.errors) || []).map(function (e) { return e.field + ": " + e.message; }).join("; ");
        item.error = msg || (res.problem && res.problem.detail) || "";
        item.problem = res.problem;
        failed.push(item);
        save(failedKey, failed);
        say(d.msgRejectedNote);
      }
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
      say(needLogin ? d.msgLogin : d.msgQueued);
      next(keep);
      flush();
      return;
    }
    send(b).then(function (res) {
      if (res.ok) {
        save(failedKey, without(load(failedKey), b.idempotency_key));
        renderQueue();
        addRecent(res.finding);
        say(d.msgSaved, { href: d.findings + "/" + res.finding.id, text: res.finding.key });
        next(keep);
      } else if (res.retry) {
        enqueue(b);
        if (res.status === 401) {
          needLogin = true;
          showLogin();
        } else {
          say(d.msgQueued);
        }
        schedule(res.status);
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

  // offlineBanner tells that the pick lists are as of the time the page
  // was rendered: on the worker's offline copy, and whenever the browser is offline.
  function offlineBanner() {
    if (!banner) {
      return;
    }
    var at = new Date(banner.dataset.rendered);
    var show = offlineCopy || !navigator.onLine;
    banner.hidden = !show;
    if (!show) {
      return;
    }
    banner.textContent = banner.dataset.msgBanner.replace("{time}", isNaN(at) ? "?" : clock(at));
    var note = offlineCopy ? (navigator.onLine ? banner.dataset.msgBack : banner.dataset.msgStale) : "";
    if (note) {
      var small = document.createElement("small");
      small.textContent = note;
      banner.appendChild(small);
    }
  }

  // registerWorker installs the service worker and, when this page did not
  // come through it (the first visit), asks it to store this screen.
  function registerWorker() {
    if (!("serviceWorker" in navigator) || !d.worker) {
      return;
    }
    var sw = navigator.serviceWorker;
    sw.addEventListener("message", function (ev) {
      if (ev.data && ev.data.type === "cache-page" && ev.data.ok && readyNote) {
        readyNote.hidden = false;
        form.dataset.offlineReady = "1";
      }
    });
    sw.register(d.worker, { scope: d.workerScope }).then(function () {
      return sw.ready;
    }).then(function (reg) {
      if (offlineCopy || !navigator.onLine) {
        return;
      }
      if (sw.controller && !location.search) {
        // The worker saw this very response and kept it.
        if (readyNote) {
          readyNote.hidden = false;
        }
        form.dataset.offlineReady = "1";
        return;
      }
      (sw.controller || reg.active).postMessage({ type: "cache-page", path: location.pathname });
    }).catch(function () {});
  }

  queueList.addEventListener("click", function (ev) {
    var b = ev.target.closest("button[data-action]");
    if (!b) {
      return;
    }
    if (b.dataset.action === "remove") {
      remove(b.dataset.key);
    } else if (b.dataset.action === "correct") {
      correct(b.dataset.key);
    }
  });
  likeButton.addEventListener("click", likePrevious);
  likeButton.hidden = !localStorage.getItem(contextKey);
  if (offlineCopy) {
    // The stored copy carries the key it was rendered with; every opening
    // of it must start a new finding.
    field("idempotency_key").value = newKey();
  }
  window.addEventListener("online", function () { offlineBanner(); retryNow(); });
  window.addEventListener("offline", function () { offlineBanner(); renderQueue(); });
  window.addEventListener("focus", function () { if (load(queueKey).length) { retryNow(); } });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && load(queueKey).length) {
      retryNow();
    }
  });
  // Another tab of the same user changed the queue.
  window.addEventListener("storage", function (ev) {
    if (ev.key === queueKey || ev.key === failedKey) {
      renderQueue();
    }
  });
  offlineBanner();
  registerWorker();
  renderQueue();
  flush();
})();
