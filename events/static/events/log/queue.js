/* The records waiting on this device (IndexedDB), shared by the page and the service worker.
   A record leaves the queue only when the server answers 200 or 201; the server keys records
   by client_id, so sending one twice stores it once. */
(function (root) {
  "use strict";
  var DB_NAME = "outreach-log";
  var TIMEOUT_MS = 120000; // five photos on a slow 3G uplink

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains("queue")) db.createObjectStore("queue", {keyPath: "client_id"});
        if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta");
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(storeName, mode, action) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(storeName, mode);
        var request = action(tx.objectStore(storeName));
        tx.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function all() {
    return run("queue", "readonly", function (store) { return store.getAll(); }).then(function (records) {
      return (records || []).sort(function (a, b) { return a.created - b.created; });
    });
  }

  function send(record, ctx) {
    var body = new FormData();
    record.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    body.set("client_id", record.client_id);
    (record.photos || []).forEach(function (photo) { body.append("photos", photo.blob, photo.name); });
    var abort = typeof AbortController === "function" ? new AbortController() : null;
    var timer = abort && setTimeout(function () { abort.abort(); }, TIMEOUT_MS);
    return fetch(ctx.submitUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: {"X-CSRFToken": ctx.csrf, "Accept": "application/json"},
      signal: abort ? abort.signal : undefined
    }).then(function (response) {
      clearTimeout(timer);
      return response.json().catch(function () { return {}; }).then(function (answer) {
        return {status: response.status, body: answer};
      });
    }, function (error) {
      clearTimeout(timer);
      throw error;
    });
  }

  /* Send every record of this user that is not waiting for a fix. Stops at the first network
     failure (the rest would fail too) and at 401/403/5xx, which a later try may cure. */
  function flushNow(ctx) {
    var result = {sent: 0, stopped: false, answers: []};
    return all().then(function (records) {
      var ready = records.filter(function (record) {
        return record.user === ctx.user && record.state !== "invalid" && record.state !== "conflict";
      });
      return ready.reduce(function (previous, record) {
        return previous.then(function () {
          if (result.stopped) return null;
          return send(record, ctx).then(function (answer) {
            result.answers.push(answer);
            if (answer.status === 200 || answer.status === 201) {
              result.sent += 1;
              return api.remove(record.client_id);
            }
            record.answer = answer.body;
            record.lastStatus = answer.status;
            if (answer.status === 400) record.state = "invalid";
            else if (answer.status === 409) record.state = "conflict";
            else { record.state = "waiting"; result.stopped = true; }
            return api.put(record);
          }, function () { result.stopped = true; });
        });
      }, Promise.resolve());
    }).then(function () { return result; });
  }

  function flush(ctx) {
    var locks = root.navigator && root.navigator.locks;
    if (locks && locks.request) {
      return locks.request("outreach-log-queue", function () { return flushNow(ctx); });
    }
    return flushNow(ctx);
  }

  var api = {
    all: all,
    send: send,
    flush: flush,
    get: function (id) { return run("queue", "readonly", function (s) { return s.get(id); }); },
    put: function (record) { return run("queue", "readwrite", function (s) { return s.put(record); }); },
    remove: function (id) { return run("queue", "readwrite", function (s) { return s["delete"](id); }); },
    getMeta: function (key) { return run("meta", "readonly", function (s) { return s.get(key); }); },
    setMeta: function (key, value) {
      return run("meta", "readwrite", function (s) { return s.put(value, key); });
    }
  };
  root.LogQueue = api;
})(typeof self !== "undefined" ? self : this);
