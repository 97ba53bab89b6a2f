/* Service worker of the volunteer's log: the app shell offline, and the queue sent by Background Sync.
   Pages: network first (a few seconds), then the copy kept here. Static files: cache first. */
"use strict";
var CONFIG = {{ config|safe }};
importScripts(CONFIG.queue);
var PREFIX = "log-" + CONFIG.lang + "-";
var CACHE = PREFIX + CONFIG.version;
var PAGE_TIMEOUT_MS = 5000;

// The list and the form as the signed-in volunteer sees them now; a login page is not kept.
function keepPages(cache) {
  return Promise.all(CONFIG.pages.map(function (url) {
    return fetch(url, {credentials: "same-origin"}).then(function (response) {
      if (response.ok && !response.redirected) return cache.put(url, response);
    }).catch(function () {});
  }));
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(CONFIG.static).then(function () { return keepPages(cache); });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function fromCache(key) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(key, {ignoreVary: true, ignoreSearch: typeof key === "string"});
  });
}

function keep(key, response) {
  if (response && response.ok && !response.redirected) {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { cache.put(key, copy); });
  }
  return response;
}

function offlinePage() {
  var t = CONFIG.offline;
  var html = "<!DOCTYPE html><html lang=\"" + CONFIG.lang + "\"><head><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + t.title + "</title>" +
    CONFIG.static.filter(function (u) { return /\.css$/.test(u); }).map(function (u) {
      return "<link rel=\"stylesheet\" href=\"" + u + "\">";
    }).join("") + "</head><body><main class=\"wrap\"><h1>" + t.title + "</h1><p>" + t.text + "</p><p>" +
    "<a class=\"button primary\" href=\"" + CONFIG.pages[1] + "\">" + t["new"] + "</a> " +
    "<a href=\"" + CONFIG.pages[0] + "\">" + t.list + "</a></p></main></body></html>";
  return new Response(html, {headers: {"Content-Type": "text/html; charset=utf-8"}});
}

function page(request, key) {
  var network = fetch(request).then(function (response) { return keep(key, response); });
  var timeout = new Promise(function (resolve) {
    setTimeout(function () { resolve(null); }, PAGE_TIMEOUT_MS);
  });
  return Promise.race([network.catch(function () { return null; }), timeout]).then(function (response) {
    if (response) return response;
    return fromCache(key).then(function (cached) {
      return cached || network.catch(function () { return offlinePage(); });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf(CONFIG.staticPrefix) === 0 || CONFIG.static.indexOf(url.pathname) >= 0) {
    event.respondWith(fromCache(request).then(function (cached) {
      return cached || fetch(request).then(function (response) { return keep(request, response); });
    }));
    return;
  }
  if (url.pathname.indexOf(CONFIG.scope) !== 0 || CONFIG.noCache.indexOf(url.pathname) >= 0) return;
  if (url.pathname === CONFIG.venues) {
    // Only the start list is kept (one entry, not one per keystroke); the picker also
    // keeps every venue it has seen on the phone.
    var start = !url.searchParams.get("q");
    event.respondWith(fetch(request).then(function (response) { return start ? keep(request, response) : response; })
      .catch(function () {
        return caches.open(CACHE).then(function (cache) { return cache.match(request, {ignoreVary: true}); })
          .then(function (cached) { return cached || new Response("{\"query\": \"\", \"venues\": [], \"offline\": true}", {headers: {"Content-Type": "application/json"}}); });
      }));
    return;
  }
  if (request.mode !== "navigate") return;
  if (CONFIG.pages.indexOf(url.pathname) >= 0) {
    event.respondWith(page(request, url.pathname));
    return;
  }
  event.respondWith(fetch(request).catch(function () { return offlinePage(); }));
});

function sendQueue() {
  return LogQueue.getMeta("ctx").then(function (ctx) {
    if (!ctx) return null;
    return LogQueue.flush(ctx);
  }).then(function (result) {
    if (result && result.sent) caches.open(CACHE).then(keepPages);
    return self.clients.matchAll({includeUncontrolled: true}).then(function (clients) {
      var sent = result ? result.sent : 0;
      clients.forEach(function (client) { client.postMessage({type: "queue-changed", sent: sent}); });
      // A rejected sync is tried again later by the browser.
      if (result && result.stopped) throw new Error("queue waits for the network");
    });
  });
}

self.addEventListener("sync", function (event) {
  if (event.tag === "log-queue") event.waitUntil(sendQueue());
});

self.addEventListener("message", function (event) {
  var type = event.data && event.data.type;
  if (type === "flush") event.waitUntil(sendQueue().catch(function () {}));
  if (type === "refresh") event.waitUntil(caches.open(CACHE).then(keepPages));
});
