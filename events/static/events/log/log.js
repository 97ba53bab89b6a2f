/* The volunteer's log on a phone: venue picker, photos shrunk on the device, and a queue that
   keeps each record on the phone until the server has it. Every sentence shown comes from the
   page (#log-config), translated on the server; the page works without this file. */
(function () {
  "use strict";
  var doc = document;
  doc.documentElement.classList.add("js");
  var configNode = doc.getElementById("log-config");
  if (!configNode || !window.LogQueue) return;
  var C = JSON.parse(configNode.textContent);
  var T = C.t;
  var Q = window.LogQueue;
  var COUNTS = ["participants", "female", "ethnic_minority", "under_18"];
  var MAX_SIDE = 1600;
  var JPEG_QUALITY = 0.8;
  var pendingMine = 0;
  var retryDelay = 15000;
  var retryTimer = null;
  var flushing = null;

  function $(id) { return doc.getElementById(id); }
  function fmt(text, values) {
    return text.replace(/%\((\w+)\)[sd]/g, function (all, key) { return values[key]; });
  }
  function el(tag, attrs, text) {
    var node = doc.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function visible(node) { return node.getClientRects().length > 0; }
  // The same folding as places.services.search_name_for: "Xã Đạ M'ri" -> "xa da mri".
  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .toLowerCase().replace(/'/g, "").replace(/[^0-9a-z]+/g, " ").trim();
  }
  function today() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }
  function csrf() {
    var match = doc.cookie.match(new RegExp("(?:^|;\\s*)" + C.csrfCookie + "=([^;]+)"));
    if (match) return decodeURIComponent(match[1]);
    var field = doc.querySelector("[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }
  function ctx() { return {csrf: csrf(), user: C.user, submitUrl: C.urls.submit}; }
  function store(key, value) {
    try {
      if (value === undefined) return JSON.parse(localStorage.getItem(key) || "null");
      localStorage.setItem(key, JSON.stringify(value));
    } catch (e) { return null; }
    return null;
  }
  function errorTexts(answer) {
    var texts = [];
    if (!answer) return texts;
    Object.keys(answer.errors || {}).forEach(function (k) { texts = texts.concat(answer.errors[k]); });
    Object.keys(answer.warnings || {}).forEach(function (k) { texts.push(answer.warnings[k]); });
    if (answer.error) texts.push(answer.error);
    return texts;
  }

  /* --- The queue on this device ---------------------------------------------------- */

  function refreshQueue() {
    return Q.all().then(function (records) {
      var mine = records.filter(function (r) { return r.user === C.user; });
      var waiting = mine.filter(function (r) { return r.state !== "invalid" && r.state !== "conflict"; });
      pendingMine = mine.length;
      var box = $("queue-status");
      box.setAttribute("data-queue-count", String(mine.length));
      $("queue-count").textContent = String(mine.length);
      $("queue-text").textContent = waiting.length ? T.queued + " ·" : T.invalid + " ·";
      box.hidden = !mine.length;
      renderDeviceQueue(records, mine);
      return waiting.length;
    }).catch(function () { return 0; });
  }

  function renderDeviceQueue(records, mine) {
    var section = $("device-queue");
    if (!section) return;
    var list = $("device-queue-list");
    list.textContent = "";
    section.hidden = !records.length;
    var others = records.length - mine.length;
    $("device-queue-note").textContent = others ? fmt(T.otherUser, {count: others}) : "";
    mine.forEach(function (record) {
      var s = record.summary || {};
      var item = el("li", {"class": "record"});
      var link = el("a", {"class": "record-link", href: C.urls["new"] + "?draft=" + encodeURIComponent(record.client_id)});
      link.appendChild(el("span", {"class": "record-title"}, s.place || "—"));
      link.appendChild(el("span", {"class": "record-meta"}, [s.date, s.form, s.cohort].filter(Boolean).join(" · ")));
      item.appendChild(link);
      var stuck = record.state === "invalid" || record.state === "conflict";
      item.appendChild(el("span", {"class": "badge badge-" + (stuck ? "returned" : "queued")}, stuck ? T.invalid : T.waiting));
      if (stuck) item.appendChild(el("p", {"class": "errors"}, record.state === "conflict" ? T.conflict : errorTexts(record.answer).join(" ")));
      if (record.state === "invalid") item.appendChild(el("a", {"class": "small-link", href: link.getAttribute("href")}, T.fix));
      if (record.state === "conflict" && record.answer && record.answer.url) {
        item.appendChild(el("a", {"class": "small-link", href: record.answer.url}, T.seeExisting));
      }
      var remove = el("button", {type: "button"}, T.remove);
      remove.addEventListener("click", function () {
        if (window.confirm(T.removeConfirm)) Q.remove(record.client_id).then(refreshQueue);
      });
      item.appendChild(remove);
      list.appendChild(item);
    });
  }

  function flush() {
    if (flushing) return flushing;
    if (navigator.onLine === false) return Promise.resolve(null);
    flushing = Q.setMeta("ctx", ctx()).then(function () { return Q.flush(ctx()); }).then(function (result) {
      flushing = null;
      if (result.sent) refreshOfflinePages();
      var refused = result.answers.some(function (a) { return a.status === 0 || a.status === 401 || a.status === 403; });
      if (refused) showNotice(T.auth, true);
      else if (result.sent) showSent(result.sent);
      return refreshQueue().then(scheduleRetry).then(function () { return result; });
    }, function () {
      flushing = null;
      return refreshQueue().then(scheduleRetry);
    });
    return flushing;
  }

  // Back-off for links that are up but carry nothing (no "online" event will come).
  function scheduleRetry(waiting) {
    clearTimeout(retryTimer);
    if (!waiting) { retryDelay = 15000; return; }
    retryTimer = setTimeout(flush, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 300000);
  }

  function requestSync() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) return registration.sync.register("log-queue");
    }).catch(function () {});
  }

  function showNetwork() {
    var note = $("offline-note");
    note.textContent = T.offline;
    note.hidden = navigator.onLine !== false;
    var stale = $("stale-note");
    if (stale) stale.hidden = navigator.onLine !== false;
  }

  // After a send, the copies of the list and form kept for offline use are out of date.
  function refreshOfflinePages() {
    var worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (worker) worker.postMessage({type: "refresh"});
  }

  // Records kept on the phone have reached the server (sent by this page or, in the
  // background, by the service worker): say so in place of "saved on this phone".
  function showSent(count) {
    var onList = C.page === "list";
    showNotice(fmt(T.sentCount, {count: count}), false, onList ? location.pathname : C.urls.list,
      onList ? T.reload : T.seeList, true);
    var notice = $("form-notice");
    if (notice) notice.setAttribute("data-sent", String(count));
  }

  function showNotice(text, isError, href, linkText, quiet) {
    var notice = $("form-notice");
    if (!notice) {
      notice = el("p", {id: "form-notice", role: "status", tabindex: "-1"});
      $("main").insertBefore(notice, $("main").firstChild);
    }
    notice.className = "flash" + (isError ? " flash-error" : "");
    notice.textContent = text + " ";
    if (href) notice.appendChild(el("a", {href: href}, linkText || T.seeExisting));
    notice.hidden = false;
    // A background update must not pull the focus away from a form being filled.
    if (!quiet) notice.focus();
  }

  /* --- The form -------------------------------------------------------------------- */

  function setUpForm(form) {
    var mode = form.getAttribute("data-mode");
    var select = $("id_venue");
    var input = $("venue-input");
    var listbox = $("venue-options");
    var chosenText = $("venue-chosen");
    var photoInput = $("id_photos");
    var previews = $("photo-previews");
    var existingPhotos = parseInt(form.getAttribute("data-photos") || "0", 10);
    var venueKey = "log-venues-" + C.user;
    var venues = store(venueKey) || {};
    var photos = [];
    var results = [];
    var active = -1;
    var searchTimer = null;
    var searchSeq = 0;
    var restoredCreated = null;
    var replaces = null; // a queued record refused as a conflict, resent under a new id
    var busy = false;
    var params = new URLSearchParams(location.search);

    function field(name) { return form.elements[name]; }
    function value(name) { var f = field(name); return f && f.value !== undefined ? String(f.value).trim() : ""; }
    function chosenOption(name) { var f = field(name); return f && f.selectedIndex > 0 ? f.options[f.selectedIndex].text : ""; }

    /* Venue picker: a combobox over the JSON search, and a copy of what it found kept on the
       phone, so typing still finds the usual venues without a signal. */
    function remember(list) {
      list.forEach(function (v) { venues[v.id] = v; });
      var ids = Object.keys(venues);
      if (ids.length > 300) ids.slice(0, ids.length - 300).forEach(function (id) { delete venues[id]; });
      store(venueKey, venues);
    }
    function currentVenue() { return select && select.value ? venues[select.value] || null : null; }
    function describe(v) { return [v.kind, v.commune].filter(Boolean).join(" · "); }
    function fillCohorts(labels) {
      var list = $("cohort-list");
      list.textContent = "";
      (labels || []).forEach(function (label) { list.appendChild(el("option", {value: label})); });
    }
    function showChosen(v) {
      chosenText.textContent = v ? describe(v) : "";
      chosenText.hidden = !v;
    }
    function choose(v) {
      var option = select.querySelector('option[value="' + v.id + '"]');
      if (!option) select.appendChild(el("option", {value: v.id}, v.name + " – " + v.commune));
      select.value = String(v.id);
      input.value = v.name;
      showChosen(v);
      fillCohorts(v.cohorts);
      closeList();
      select.dispatchEvent(new Event("change"));
    }
    function localMatches(query) {
      var text = fold(query);
      var code = query.trim().toLowerCase();
      var rank = function (v) {
        var name = v.search || fold(v.name);
        if (v.code && v.code.toLowerCase() === code) return 0;
        if (name.indexOf(text) === 0) return 1;
        if (name.indexOf(" " + text) >= 0) return 2;
        return name.indexOf(text) >= 0 ? 3 : 9;
      };
      return Object.keys(venues).map(function (id) { return venues[id]; })
        .filter(function (v) { return !text || rank(v) < 9; })
        .sort(function (a, b) { return rank(a) - rank(b) || a.name.localeCompare(b.name, "vi"); })
        .slice(0, 15);
    }
    function highlight() {
      each(listbox.children, function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
      if (active >= 0 && listbox.children[active]) {
        input.setAttribute("aria-activedescendant", listbox.children[active].id);
        listbox.children[active].scrollIntoView({block: "nearest"});
      } else input.removeAttribute("aria-activedescendant");
    }
    function openList() { listbox.hidden = false; input.setAttribute("aria-expanded", "true"); highlight(); }
    function closeList() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function renderResults(list) {
      results = list;
      active = list.length ? 0 : -1;
      listbox.textContent = "";
      if (!list.length) listbox.appendChild(el("li", {"class": "empty", role: "option", "aria-disabled": "true", id: "venue-none"}, T.noVenue));
      list.forEach(function (v, i) {
        var item = el("li", {id: "venue-option-" + i, role: "option"});
        item.appendChild(doc.createTextNode(v.name));
        item.appendChild(el("small", null, describe(v)));
        item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(v); });
        item.addEventListener("click", function () { choose(v); });
        listbox.appendChild(item);
      });
      openList();
    }
    function search() {
      var query = input.value.trim();
      renderResults(localMatches(query));
      if (navigator.onLine === false) return;
      var mine = ++searchSeq;
      fetch(C.urls.venues + "?q=" + encodeURIComponent(query), {credentials: "same-origin", headers: {Accept: "application/json"}})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data || data.offline || mine !== searchSeq) return;
          remember(data.venues);
          if (doc.activeElement === input) renderResults(data.venues);
        }).catch(function () {});
    }
    function move(step) {
      if (!results.length) return;
      active = (active + step + results.length) % results.length;
      highlight();
    }
    function syncPickerFromSelect() {
      if (!select.value) { input.value = ""; showChosen(null); fillCohorts([]); return; }
      var v = currentVenue();
      var text = select.options[select.selectedIndex] ? select.options[select.selectedIndex].text : "";
      input.value = v ? v.name : text.split(" – ")[0];
      showChosen(v);
      if (v) fillCohorts(v.cohorts);
    }
    function setUpVenuePicker() {
      if (!select || !input) return;
      $("venue-label").htmlFor = "venue-input";
      var find = $("venue-find");
      if (find) find.parentNode.removeChild(find);
      input.parentNode.hidden = false;
      input.addEventListener("input", function () {
        var v = currentVenue();
        if (select.value && (!v || input.value !== v.name)) { select.value = ""; showChosen(null); }
        clearTimeout(searchTimer);
        searchTimer = setTimeout(search, 200);
      });
      input.addEventListener("focus", function () { if (!select.value) search(); });
      input.addEventListener("blur", function () { setTimeout(closeList, 200); });
      input.addEventListener("keydown", function (event) {
        if (event.key === "ArrowDown") { event.preventDefault(); if (listbox.hidden) search(); else move(1); }
        else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
        else if (event.key === "Enter" && !listbox.hidden && results[active]) { event.preventDefault(); choose(results[active]); }
        else if (event.key === "Escape") closeList();
      });
      syncPickerFromSelect();
      if (navigator.onLine !== false) {
        fetch(C.urls.venues + "?q=", {credentials: "same-origin", headers: {Accept: "application/json"}})
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (data) {
            if (data && !data.offline) { remember(data.venues); if (select.value) syncPickerFromSelect(); }
          }).catch(function () {});
      }
    }

    /* A commune instead of a venue, for the forms that reach the whole commune. */
    function setUpCommune() {
      var formSelect = field("form");
      var communeField = $("f-org_unit");
      if (!formSelect || !communeField) return;
      var hadError = !!communeField.querySelector(".field-error");
      var update = function () {
        communeField.hidden = !(hadError || C.communeWide.indexOf(formSelect.value) >= 0);
      };
      formSelect.addEventListener("change", update);
      update();
    }

    function setUpMaterials() {
      var rows = Array.prototype.slice.call(form.querySelectorAll(".material"));
      var button = $("add-material");
      if (!rows.length || !button) return function () {};
      var update = function () {
        var last = 0;
        rows.forEach(function (row, i) {
          if (Array.prototype.some.call(row.querySelectorAll("input"), function (f) { return f.value; })) last = i;
        });
        rows.forEach(function (row, i) { row.hidden = i > last && !row.contains(doc.activeElement); });
        button.hidden = !rows.some(function (row) { return row.hidden; });
      };
      button.addEventListener("click", function () {
        var next = rows.filter(function (row) { return row.hidden; })[0];
        if (next) { next.hidden = false; next.querySelector("input").focus(); }
        button.hidden = !rows.some(function (row) { return row.hidden; });
      });
      update();
      return update;
    }

    /* Photos: shrunk here to 1600 px JPEG, so a 3G upload takes seconds and no GPS tag leaves the phone. */
    function decode(file) {
      var viaImage = function () {
        return new Promise(function (resolve, reject) {
          var url = URL.createObjectURL(file);
          var image = new Image();
          image.onload = function () { URL.revokeObjectURL(url); resolve(image); };
          image.onerror = function () { URL.revokeObjectURL(url); reject(new Error("not an image")); };
          image.src = url;
        });
      };
      if (!window.createImageBitmap) return viaImage();
      return createImageBitmap(file, {imageOrientation: "from-image"}).catch(viaImage);
    }
    function shrink(file) {
      return decode(file).then(function (image) {
        var width = image.naturalWidth || image.width;
        var height = image.naturalHeight || image.height;
        if (!width || !height) throw new Error("not an image");
        var scale = Math.min(1, MAX_SIDE / Math.max(width, height));
        var canvas = el("canvas");
        canvas.width = Math.round(width * scale);
        canvas.height = Math.round(height * scale);
        canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
        if (image.close) image.close();
        return new Promise(function (resolve, reject) {
          canvas.toBlob(function (blob) { if (blob) resolve(blob); else reject(new Error("encode")); }, "image/jpeg", JPEG_QUALITY);
        });
      });
    }
    function jpegName(name) { return (name || "photo").replace(/\.[^.]*$/, "") + ".jpg"; }
    function renderPhotos() {
      if (!previews) return;
      previews.textContent = "";
      previews.hidden = !photos.length;
      photos.forEach(function (photo, i) {
        var item = el("li");
        item.appendChild(el("img", {src: photo.url, alt: fmt(T.photo, {number: existingPhotos + i + 1})}));
        var remove = el("button", {type: "button", "aria-label": T.removePhoto + " " + (existingPhotos + i + 1)}, T.removePhoto);
        remove.addEventListener("click", function () {
          URL.revokeObjectURL(photo.url);
          photos.splice(i, 1);
          renderPhotos();
          if (photoInput) photoInput.focus();
        });
        item.appendChild(remove);
        previews.appendChild(item);
      });
      if (photoInput) photoInput.disabled = existingPhotos + photos.length >= C.maxPhotos;
    }
    function addPhoto(blob, name) {
      photos.push({blob: blob, name: name, url: URL.createObjectURL(blob)});
      renderPhotos();
    }
    function setUpPhotos() {
      if (!photoInput) return;
      photoInput.addEventListener("change", function () {
        var files = Array.prototype.slice.call(photoInput.files || []);
        photoInput.value = "";
        var problems = [];
        var room = C.maxPhotos - existingPhotos - photos.length;
        if (files.length > room) {
          problems.push(fmt(T.tooManyPhotos, {count: C.maxPhotos}));
          files = files.slice(0, Math.max(room, 0));
        }
        form.setAttribute("aria-busy", "true");
        files.reduce(function (previous, file) {
          return previous.then(function () {
            return shrink(file).then(function (blob) { addPhoto(blob, jpegName(file.name)); }, function () {
              problems.push(file.name + ": " + T.notPhoto);
            });
          });
        }, Promise.resolve()).then(function () {
          form.removeAttribute("aria-busy");
          setFieldProblems("photos", problems);
        });
      });
    }

    /* Problems: next to their field, linked by aria-describedby, summed up at the top. */
    function setFieldProblems(name, messages) {
      var wrapper = form.querySelector('[data-field="' + name + '"]');
      if (!wrapper) return null;
      var old = $("err-" + name);
      if (old) old.parentNode.removeChild(old);
      var controls = wrapper.querySelectorAll("input:not([type=hidden]):not([type=checkbox]), select, textarea");
      each(controls, function (control) {
        control.removeAttribute("aria-invalid");
        var ids = (control.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && id !== "err-" + name; });
        if (ids.length) control.setAttribute("aria-describedby", ids.join(" "));
        else control.removeAttribute("aria-describedby");
      });
      if (!messages || !messages.length) return null;
      wrapper.hidden = false;
      var box = el("div", {"class": "field-error", id: "err-" + name});
      messages.forEach(function (message) { box.appendChild(el("p", null, message)); });
      var heading = wrapper.querySelector("label, legend");
      var hint = wrapper.querySelector(".hint");
      var after = hint && hint.parentNode === wrapper ? hint : heading && heading.parentNode === wrapper ? heading : null;
      wrapper.insertBefore(box, after ? after.nextSibling : wrapper.firstChild);
      var first = null;
      each(controls, function (control) {
        if (!visible(control)) return;
        control.setAttribute("aria-invalid", "true");
        var ids = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        ids.push("err-" + name);
        control.setAttribute("aria-describedby", ids.join(" "));
        first = first || control;
      });
      return first || wrapper.querySelector("input[type=checkbox]");
    }
    function clearProblems() {
      each(form.querySelectorAll("[data-field]"), function (wrapper) { setFieldProblems(wrapper.getAttribute("data-field"), []); });
      $("f-above_baseline").hidden = true;
      $("f-duplicate").hidden = true;
      var summary = $("error-summary");
      if (summary) summary.hidden = true;
    }
    function showProblems(problems) {
      clearProblems();
      var errors = problems.errors || {};
      var warnings = problems.warnings || {};
      var items = [];
      var first = null;
      var order = Array.prototype.map.call(form.querySelectorAll("[data-field]"), function (w) { return w.getAttribute("data-field"); });
      var place = function (name) { var i = order.indexOf(name); return i < 0 ? 99 : i; };
      Object.keys(errors).sort(function (a, b) { return place(a) - place(b); }).forEach(function (name) {
        var control = setFieldProblems(name, errors[name]);
        first = first || control;
        var heading = form.querySelector('[data-field="' + name + '"] label, [data-field="' + name + '"] legend');
        var label = heading && name !== "duplicate" ? heading.textContent.replace("*", "").trim() + ": " : "";
        items.push([name, label + errors[name][0]]);
      });
      if (warnings.above_baseline) {
        $("warn-above_baseline").textContent = warnings.above_baseline;
        $("f-above_baseline").hidden = false;
        first = first || $("f-above_baseline").querySelector("input");
        items.push(["above_baseline", warnings.above_baseline]);
      }
      if (problems.duplicates && problems.duplicates.length) {
        var list = $("duplicate-list");
        list.textContent = "";
        problems.duplicates.forEach(function (d) {
          var item = el("li", null, d.url ? null : d.text);
          if (d.url) item.appendChild(el("a", {href: d.url}, d.text));
          list.appendChild(item);
        });
        $("f-duplicate").hidden = false;
        first = first || $("f-duplicate").querySelector("input[type=checkbox]");
      }
      var summary = $("error-summary");
      if (!summary) {
        summary = el("div", {id: "error-summary", "class": "error-summary", role: "alert", tabindex: "-1"});
        form.parentNode.insertBefore(summary, form);
      }
      summary.textContent = "";
      summary.appendChild(el("p", null, T.summary));
      var ul = el("ul");
      items.forEach(function (item) {
        var li = el("li");
        li.appendChild(el("a", {href: "#f-" + item[0]}, item[1]));
        ul.appendChild(li);
      });
      summary.appendChild(ul);
      summary.hidden = !items.length;
      (first || summary).focus();
    }

    function validate() {
      var errors = {};
      var warnings = {};
      var add = function (name, message) { (errors[name] = errors[name] || []).push(message); };
      var formValue = value("form");
      var wide = C.communeWide.indexOf(formValue) >= 0;
      if (!value("venue")) {
        if (!value("org_unit")) add("venue", T.chooseVenue);
        else if (formValue && !wide) add("venue", T.needsVenue);
      }
      if (!value("date")) add("date", T.noDate);
      else if (value("date") > today()) add("date", T.futureDate);
      if (!formValue) add("form", T.chooseForm);
      if (!value("audience")) add("audience", T.chooseAudience);
      if (!value("organizer")) add("organizer", T.chooseOrganizer);
      var counts = {};
      COUNTS.forEach(function (name) {
        var raw = value(name);
        if (raw === "" && name !== "participants") { counts[name] = 0; return; }
        if (!/^\d+$/.test(raw)) { add(name, T.wholeNumber); return; }
        counts[name] = parseInt(raw, 10);
      });
      if (counts.participants === 0) add("participants", T.positive);
      if (counts.participants > 0) {
        COUNTS.slice(1).forEach(function (name) { if (counts[name] > counts.participants) add(name, T.notAbove); });
      }
      each(form.querySelectorAll(".material"), function (row) {
        var inputs = row.querySelectorAll("input");
        var description = inputs[0].value.trim();
        var quantity = inputs[1].value.trim();
        if ((description || quantity) && (!description || !/^\d+$/.test(quantity)) && !errors.materials) add("materials", T.material);
      });
      var v = currentVenue();
      var confirmed = field("confirm_above_baseline").checked;
      if (!Object.keys(errors).length && v && v.population && counts.participants > v.population.total && !confirmed) {
        warnings.above_baseline = fmt(T.aboveBaseline, {
          participants: counts.participants, venue: v.name, total: v.population.total, year: v.population.year
        });
      }
      return {errors: errors, warnings: warnings};
    }

    function collect(intent) {
      var pairs = [];
      new FormData(form).forEach(function (fieldValue, name) {
        // The token travels in a header: a stale one in the body would win and fail.
        if (typeof fieldValue !== "string" || name === "csrfmiddlewaretoken" || name === "intent" || name === "venue_q") return;
        pairs.push([name, fieldValue]);
      });
      pairs.push(["intent", intent]);
      return pairs;
    }
    function summarize() {
      var date = value("date").split("-").reverse().join("/");
      var v = currentVenue();
      var place = select && select.value ? (v ? v.name : chosenOption("venue").split(" – ")[0]) : chosenOption("org_unit");
      return {place: place, date: date, form: chosenOption("form"), cohort: value("cohort")};
    }
    function rememberDefaults() {
      var languages = Array.prototype.filter.call(form.querySelectorAll("[name=languages]"), function (box) { return box.checked; })
        .map(function (box) { return box.value; });
      store("log-defaults-" + C.user, {organizer: value("organizer"), audience: value("audience"), languages: languages});
    }
    function applyDefaults() {
      var defaults = store("log-defaults-" + C.user);
      if (!defaults) return;
      if (defaults.organizer) field("organizer").value = defaults.organizer;
      if (defaults.audience) field("audience").value = defaults.audience;
      if (defaults.languages && defaults.languages.length) {
        each(form.querySelectorAll("[name=languages]"), function (box) { box.checked = defaults.languages.indexOf(box.value) >= 0; });
      }
    }
    function resetForNext(updateMaterials) {
      field("client_id").value = uuid();
      ["cohort", "note"].concat(COUNTS).forEach(function (name) { field(name).value = ""; });
      each(form.querySelectorAll(".material input"), function (f) { f.value = ""; });
      field("confirm_above_baseline").checked = false;
      field("confirm_not_duplicate").checked = false;
      photos.forEach(function (photo) { URL.revokeObjectURL(photo.url); });
      photos = [];
      restoredCreated = null;
      renderPhotos();
      updateMaterials();
      if (params.get("draft")) history.replaceState(null, "", location.pathname);
    }
    function fill(record, updateMaterials) {
      var values = {};
      record.fields.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
      each(form.elements, function (f) {
        if (!f.name || f.type === "file" || f.type === "submit" || f.name === "csrfmiddlewaretoken" || f.name === "venue_q") return;
        var list = values[f.name] || [];
        if (f.type === "checkbox") { f.checked = list.indexOf(f.value) >= 0; return; }
        if (f.name === "venue" && list[0] && !f.querySelector('option[value="' + list[0] + '"]')) {
          f.appendChild(el("option", {value: list[0]}, (record.summary || {}).place || list[0]));
        }
        f.value = list.length ? list[0] : "";
      });
      // Its id already names another record on the server: sent again, it becomes a new one.
      field("client_id").value = record.state === "conflict" ? uuid() : record.client_id;
      replaces = record.state === "conflict" ? record.client_id : null;
      restoredCreated = record.created;
      (record.photos || []).forEach(function (photo) { addPhoto(photo.blob, photo.name); });
      if (select && input) syncPickerFromSelect();
      field("form").dispatchEvent(new Event("change"));
      updateMaterials();
      if (record.state === "invalid") showProblems(record.answer || {});
      else if (record.state === "conflict") showNotice(T.conflict, true, record.answer && record.answer.url);
    }

    function setBusy(on) {
      busy = on;
      if (on) form.setAttribute("aria-busy", "true"); else form.removeAttribute("aria-busy");
      each(form.querySelectorAll("button[type=submit]"), function (button) { button.disabled = on; });
    }

    function sendEdit(intent) {
      var body = new FormData();
      collect(intent).forEach(function (pair) { body.append(pair[0], pair[1]); });
      photos.forEach(function (photo) { body.append("photos", photo.blob, photo.name); });
      setBusy(true);
      fetch(form.action, {method: "POST", body: body, credentials: "same-origin", headers: {"X-CSRFToken": csrf(), Accept: "application/json"}})
        .then(function (response) {
          return response.json().catch(function () { return {}; }).then(function (answer) { return {status: response.status, body: answer}; });
        })
        .then(function (answer) {
          setBusy(false);
          if (answer.status === 200) { refreshOfflinePages(); location.assign(answer.body.url + "?saved=1"); }
          else if (answer.status === 400) showProblems(answer.body);
          else showNotice(answer.body.error || T.editOffline, true);
        }, function () { setBusy(false); showNotice(T.editOffline, true); });
    }

    function queueAndSend(intent, updateMaterials) {
      var record = {
        client_id: value("client_id") || uuid(),
        user: C.user,
        fields: collect(intent),
        photos: photos.map(function (photo) { return {blob: photo.blob, name: photo.name}; }),
        created: restoredCreated || Date.now(),
        state: "pending",
        summary: summarize()
      };
      var stored = true;
      setBusy(true);
      Q.put(record).catch(function () { stored = false; }).then(function () {
        if (stored && replaces && replaces !== record.client_id) return Q.remove(replaces).then(function () { replaces = null; });
      }).then(function () {
        return Q.setMeta("ctx", ctx()).catch(function () {});
      }).then(function () {
        if (navigator.onLine === false) return null;
        return Q.send(record, ctx()).catch(function () { return null; });
      }).then(function (answer) {
        setBusy(false);
        var status = answer ? answer.status : -1;
        if (status === 200 || status === 201) {
          rememberDefaults();
          refreshOfflinePages();
          return Q.remove(record.client_id).catch(function () {}).then(function () {
            location.assign(answer.body.url + "?saved=1");
          });
        }
        if (status === 400 || status === 409) {
          record.state = status === 400 ? "invalid" : "conflict";
          record.answer = answer.body;
          if (status === 400) showProblems(answer.body);
          else showNotice(T.conflict, true, answer.body.url);
          return stored ? Q.put(record).then(refreshQueue) : null;
        }
        if (!stored) { showNotice(T.editOffline, true); return null; }
        if (answer) {
          record.state = "waiting";
          record.lastStatus = status;
          Q.put(record);
        }
        rememberDefaults();
        requestSync();
        resetForNext(updateMaterials);
        showNotice(status === 0 || status === 401 || status === 403 ? T.auth : T.savedOnDevice);
        return refreshQueue().then(scheduleRetry);
      });
    }

    setUpVenuePicker();
    setUpCommune();
    var updateMaterials = setUpMaterials();
    setUpPhotos();
    var dateField = field("date");
    dateField.max = today();
    if (mode === "new" && C.fresh) {
      // This page may come from the offline copy: a new record gets its own id and today's date.
      field("client_id").value = uuid();
      dateField.value = today();
      applyDefaults();
      var draft = params.get("draft");
      if (draft) Q.get(draft).then(function (record) { if (record && record.user === C.user) fill(record, updateMaterials); });
    }

    var lastButton = null; // for browsers without SubmitEvent.submitter
    form.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("button[type=submit]");
      if (button) lastButton = button;
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) return;
      var submitter = event.submitter || lastButton;
      lastButton = null;
      var intent = submitter && submitter.value === "draft" ? "draft" : "submit";
      var problems = validate();
      if (Object.keys(problems.errors).length || Object.keys(problems.warnings).length) {
        showProblems(problems);
        return;
      }
      clearProblems();
      if (mode === "edit") sendEdit(intent);
      else queueAndSend(intent, updateMaterials);
    });

    var firstInvalid = Array.prototype.filter.call(form.querySelectorAll('[aria-invalid="true"]'), visible)[0];
    if (firstInvalid) firstInvalid.focus();
  }

  /* --- Start ------------------------------------------------------------------------ */

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(C.urls.sw, {scope: C.urls.scope}).catch(function () {});
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "queue-changed") {
        refreshQueue();
        if (event.data.sent) showSent(event.data.sent);
      }
    });
  }
  var logout = doc.querySelector("form.logout");
  if (logout) {
    logout.addEventListener("submit", function (event) {
      if (pendingMine && !window.confirm(T.logoutConfirm)) { event.preventDefault(); return; }
      if (!window.caches) return;
      // The pages kept for offline use show this person's records: drop them with the session.
      event.preventDefault();
      caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) { return name.indexOf("log-") === 0; }).map(function (name) { return caches.delete(name); }));
      }).catch(function () {}).then(function () { logout.submit(); });
    });
  }
  window.addEventListener("online", function () { showNetwork(); retryDelay = 15000; flush(); });
  window.addEventListener("offline", showNetwork);
  showNetwork();
  var sessionForm = $("session-form");
  if (sessionForm) setUpForm(sessionForm);
  refreshQueue().then(function () { return flush(); });
})();
