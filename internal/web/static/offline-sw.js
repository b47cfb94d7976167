// The service worker of the offline logging screen. Registered by
// logging.js with scope /hackathons/ (the server sends
// Service-Worker-Allowed for it). It keeps, network first with a cache
// fallback:
//   - the logging screen (/hackathons/{id}/findings/new) of each hackathon
//     the user opened, only when the server marked the response with
//     X-Ketentest-Offline-User, in a cache per user; a page of another user
//     replaces it, and a redirect to the login page or the login page
//     itself (offline-clear.js) clears it;
//   - the logging screen's stylesheet and script.
// Everything else (the JSON API, finding pages, live board, posts) passes
// straight to the network and is never stored.
"use strict";

var STATIC_CACHE = "ketentest-static-v1";
var PAGE_PREFIX = "ketentest-pages-";
var ASSETS = ["/static/app.css", "/static/logging.js"];
var LOGSCREEN = /^\/hackathons\/\d+\/findings\/new$/;
var USER_HEADER = "X-Ketentest-Offline-User";
// On a weak Wi-Fi a request may hang rather than fail: after this long
// the stored copy is shown (the network answer still refreshes the cache).
var TIMEOUT_MS = 5000;

self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(STATIC_CACHE).then(function (c) {
    return c.addAll(ASSETS);
  }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      return k.indexOf("ketentest-static-") === 0 && k !== STATIC_CACHE;
    }).map(function (k) { return caches.delete(k); }));
  }).then(function () {
    return self.clients.claim();
  }));
});

function pageCaches() {
  return caches.keys().then(function (keys) {
    return keys.filter(function (k) { return k.indexOf(PAGE_PREFIX) === 0; });
  });
}

// dropPages forgets every stored page (all users), except keep.
function dropPages(keep) {
  return pageCaches().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== keep; }).map(function (n) { return caches.delete(n); }));
  });
}

function cachedPage(path) {
  return pageCaches().then(function (names) {
    if (names.length === 0) {
      return undefined;
    }
    return caches.open(names[0]).then(function (c) { return c.match(path); });
  });
}

// keepPage stores a logging screen the server marked for offline use, as
// an offline copy (the page shows a banner with the time of its data).
function keepPage(path, resp) {
  var user = resp.headers.get(USER_HEADER);
  if (resp.status !== 200 || resp.redirected || !user || !/^[0-9a-f]{1,64}$/.test(user)) {
    if (resp.type === "opaqueredirect" || resp.redirected || resp.status === 401 || resp.status === 403) {
      // Logged out or no longer allowed: the stored copy must go.
      return dropPages();
    }
    return Promise.resolve();
  }
  var name = PAGE_PREFIX + user;
  var headers = new Headers(resp.headers);
  headers.delete("Content-Length");
  return resp.clone().text().then(function (html) {
    html = html.replace('data-offline-copy="0"', 'data-offline-copy="1"');
    return dropPages(name).then(function () {
      return caches.open(name);
    }).then(function (c) {
      return c.put(path, new Response(html, { status: 200, statusText: "OK", headers: headers }));
    });
  });
}

function keepAsset(path, resp) {
  if (resp.status !== 200 || resp.type !== "basic") {
    return Promise.resolve();
  }
  var copy = resp.clone();
  return caches.open(STATIC_CACHE).then(function (c) { return c.put(path, copy); });
}

// networkFirst answers from the network; when that fails, answers 5xx, or
// is slower than TIMEOUT_MS while a stored copy exists, from the cache;
// else fallback().
function networkFirst(e, req, keep, cached, fallback) {
  return new Promise(function (resolve, reject) {
    var done = false;
    function answer(r) {
      if (!done) {
        done = true;
        resolve(r);
      }
    }
    var timer = setTimeout(function () {
      cached().then(function (c) { if (c) { answer(c); } });
    }, TIMEOUT_MS);
    var net = fetch(req).then(function (resp) {
      clearTimeout(timer);
      if (resp.status >= 500) {
        // The server is down behind a proxy or restarting: a stored copy
        // is more use than an error page.
        return cached().then(function (c) { answer(c || resp); });
      }
      var kept = keep(resp).catch(function () {});
      e.waitUntil(kept);
      answer(resp);
    }, function (err) {
      clearTimeout(timer);
      return cached().then(function (c) {
        if (c) {
          answer(c);
        } else if (fallback) {
          answer(fallback());
        } else if (!done) {
          done = true;
          reject(err);
        }
      });
    });
    e.waitUntil(net.catch(function () {}));
  });
}

// offlinePage is shown for a logging screen that was never stored (or was
// cleared at logout) while the network is down. Static text: the worker
// has no user language.
function offlinePage() {
  var body = "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Offline · ketentest</title>" +
    "<link rel=\"stylesheet\" href=\"/static/app.css\"></head><body><main id=\"main\">" +
    "<h1 id=\"offline-unavailable\">Offline</h1>" +
    "<p>Dit logscherm is niet beschikbaar zonder verbinding. Open het eerst online (ingelogd); daarna werkt het ook offline.</p>" +
    "<p lang=\"en\">This logging screen is not available without a connection. Open it online (logged in) first; it then works offline too.</p>" +
    "</main></body></html>";
  return new Response(body, { status: 503, statusText: "Offline",
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store",
      "Content-Security-Policy": "default-src 'self'; script-src 'none'; frame-ancestors 'none'; base-uri 'none'" } });
}

self.addEventListener("fetch", function (e) {
  var req = e.request;
  if (req.method !== "GET") {
    return;
  }
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (ASSETS.indexOf(url.pathname) >= 0) {
    e.respondWith(networkFirst(e, req, function (resp) { return keepAsset(url.pathname, resp); }, function () {
      return caches.open(STATIC_CACHE).then(function (c) { return c.match(url.pathname); });
    }));
    return;
  }
  if (req.mode === "navigate" && LOGSCREEN.test(url.pathname)) {
    // A variant with a query (?like=, ?exchange_id=) is not stored; offline
    // it falls back to the plain logging screen.
    e.respondWith(networkFirst(e, req, function (resp) {
      return url.search ? Promise.resolve() : keepPage(url.pathname, resp);
    }, function () { return cachedPage(url.pathname); }, offlinePage));
  }
});

// Messages from pages: "cache-page" stores a logging screen the page was
// loaded without the worker (the first visit); "logout" clears all pages.
self.addEventListener("message", function (e) {
  var d = e.data || {};
  var reply = function (msg) {
    if (e.source && e.source.postMessage) {
      e.source.postMessage(msg);
    }
  };
  if (d.type === "cache-page" && typeof d.path === "string" && LOGSCREEN.test(d.path)) {
    e.waitUntil(fetch(d.path, { credentials: "same-origin", cache: "no-store" }).then(function (resp) {
      return keepPage(d.path, resp);
    }).then(function () {
      return cachedPage(d.path);
    }).then(function (c) {
      reply({ type: "cache-page", path: d.path, ok: Boolean(c) });
    }, function () {
      reply({ type: "cache-page", path: d.path, ok: false });
    }));
  } else if (d.type === "logout") {
    e.waitUntil(dropPages().then(function () { reply({ type: "logout", ok: true }); }));
  }
});
