// On the login page (where logging out lands): forget every offline copy
// of a logging screen, so the next user of this browser never sees the
// previous user's page. The queue of unsent findings is kept: it is per
// user and is only sent by that user after logging in again.
(function () {
  "use strict";
  if (window.caches && caches.keys) {
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k.indexOf("ketentest-pages-") === 0; }).map(function (k) {
        return caches.delete(k);
      }));
    }).then(function () {
      document.documentElement.dataset.offlineCleared = "1";
    }, function () {});
  }
  if (navigator.serviceWorker && navigator.serviceWorker.getRegistration) {
    navigator.serviceWorker.getRegistration("/hackathons/").then(function (reg) {
      if (reg && reg.active) {
        reg.active.postMessage({ type: "logout" });
      }
    }, function () {});
  }
})();
