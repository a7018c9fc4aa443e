/* The monitoring questionnaire on a phone or a PC over a slow or dropping link.
 * - Progress: "N of M required questions answered" for the page and each dimension, recomputed as answers
 *   change, with the same rule as the server (a question hidden by its condition does not count).
 * - Every change is kept in localStorage under the assignment's key, so a reload or a dead battery loses nothing.
 * - 3 s after the last change the form is saved (action=save) with fetch; a save that changes nothing writes
 *   nothing on the server, so a resend is harmless. Without a connection the answers stay on the phone and are
 *   resent when the browser is back online (and every 30 s).
 * - An evidence file is sent as soon as it is chosen. Until the server has it, it waits in IndexedDB (localStorage
 *   cannot hold files), so leaving the page or losing the connection does not lose it: it is sent when the
 *   connection returns or the page is opened again. Files are stored under their content hash on the server, so a
 *   resend stores nothing twice. "Submit" first sends the files still waiting.
 * - A save answered by the sign-in page (a redirect), or a 401/403 that is not the server's JSON refusal, means
 *   the session expired: the page says so with a sign-in link and keeps the draft; only a failed fetch means no
 *   connection.
 * No inline script: the CSP forbids it. Without JavaScript the form is a plain POST. */
(function () {
  "use strict";
  var form = document.getElementById("questionnaire-form");
  if (!form || !form.dataset.offlineDraft || !window.fetch || !window.FormData) { return; }
  var storeKey = form.dataset.offlineDraft;
  var status = document.getElementById("draft-status");
  var questions = Array.prototype.slice.call(form.querySelectorAll(".question[data-code]"));
  var timer = null;
  var retryTimer = null;
  var sending = false;

  function say(kind, extra) {
    if (!status) { return; }
    status.textContent = (status.dataset[kind] || "") + (extra ? " " + extra : "");
    status.setAttribute("data-state", kind);
    status.classList.toggle("offline", kind === "offline" || kind === "fileWaiting" || kind === "expired");
    if (kind === "expired" && status.dataset.loginUrl) {
      var link = document.createElement("a");
      link.href = status.dataset.loginUrl;
      link.textContent = status.dataset.login || "";
      status.appendChild(document.createTextNode(" "));
      status.appendChild(link);
    }
  }

  // What a save's answer means: {kind: "ok" | "refused" | "expired", body}; a throw means no connection.
  function understand(response) {
    var type = response.headers.get("Content-Type") || "";
    var json = type.indexOf("application/json") >= 0;
    if (response.redirected && !json) { return Promise.resolve({ kind: "expired" }); }  // the sign-in page
    if ((response.status === 401 || response.status === 403) && !json) { return Promise.resolve({ kind: "expired" }); }
    if (!json) { throw new Error("HTTP " + response.status); }  // a proxy's error page: try again later
    return response.json().then(function (body) { return { kind: response.ok ? "ok" : "refused", body: body }; });
  }

  function retryLater() {
    if (!retryTimer) {
      retryTimer = window.setInterval(function () {
        if (navigator.onLine !== false) { send(); sendFiles(); }
      }, 30000);
    }
  }

  function csrfToken() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function valueOf(box) {
    var code = box.dataset.code;
    var type = box.dataset.type;
    var inputs = box.querySelectorAll('[name="q_' + code + '"]');
    var picked = [];
    var raw = "";
    Array.prototype.forEach.call(inputs, function (el) {
      if (el.type === "checkbox") { if (el.checked) { picked.push(el.value); } }
      else if (el.type === "radio") { if (el.checked) { raw = el.value; } }
      else { raw = el.value.trim(); }
    });
    if (type === "multiple_choice") { return picked.length ? picked : null; }
    if (raw === "") { return null; }
    if (type === "yes_no") { return raw === "1" ? true : raw === "0" ? false : raw; }
    if (type === "scale" || type === "number") {
      var n = Number(raw.replace(",", "."));
      return isNaN(n) ? raw : n;
    }
    return raw;
  }

  function conditionMet(condition, answers) {
    if (!condition) { return true; }
    var given = answers[condition.indicator];
    if (given === undefined || given === null) { return false; }
    var wanted = ("in" in condition) ? condition["in"] : [condition.equals];
    if (Array.isArray(given)) { return given.some(function (g) { return wanted.indexOf(g) >= 0; }); }
    return wanted.indexOf(given) >= 0;
  }

  function progress() {
    var answers = {};
    questions.forEach(function (box) { answers[box.dataset.code] = valueOf(box); });
    var relevant = {};
    questions.forEach(function (box) {  // in order, like scoring.relevant_codes
      var condition = box.dataset.condition ? JSON.parse(box.dataset.condition) : null;
      if (condition && !relevant[condition.indicator]) { relevant[box.dataset.code] = false; }
      else { relevant[box.dataset.code] = conditionMet(condition, answers); }
      box.classList.toggle("muted", !relevant[box.dataset.code]);
    });
    function count(boxes) {
      var required = 0, answered = 0;
      boxes.forEach(function (box) {
        if (!box.dataset.required || !relevant[box.dataset.code]) { return; }
        required += 1;
        if (answers[box.dataset.code] !== null) { answered += 1; }
      });
      return { required: required, answered: answered };
    }
    function show(holder, counts) {
      if (!holder) { return; }
      var text = holder.querySelector("[data-progress-text]");
      var bar = holder.querySelector("progress");
      if (text) {
        text.textContent = (form.dataset.progressTemplate || "__A__ / __R__")
          .replace("__A__", counts.answered).replace("__R__", counts.required);
      }
      if (bar) { bar.max = counts.required || 1; bar.value = counts.answered; }
    }
    show(document.querySelector('[data-progress="all"]'), count(questions));
    Array.prototype.forEach.call(form.querySelectorAll('[data-progress="dimension"]'), function (section) {
      show(section.querySelector(".questionnaire-progress"),
           count(Array.prototype.slice.call(section.querySelectorAll(".question[data-code]"))));
    });
  }

  function snapshot() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.type === "submit" || el.name === "csrfmiddlewaretoken") { return; }
      if (el.type === "radio") { if (el.checked) { data[el.name] = el.value; } else if (!(el.name in data)) { data[el.name] = null; } return; }
      if (el.type === "checkbox") { data[el.name + "=" + el.value] = el.checked; return; }
      data[el.name] = el.value;
    });
    return data;
  }

  function keep() {
    try { localStorage.setItem(storeKey, JSON.stringify(snapshot())); } catch (e) { /* storage full or off */ }
  }

  function kept() {
    try { return localStorage.getItem(storeKey); } catch (e) { return null; }
  }

  function restore() {
    var raw = kept();
    if (!raw) { return false; }
    var data;
    try { data = JSON.parse(raw); } catch (e) { return false; }
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.type === "submit" || el.name === "csrfmiddlewaretoken") { return; }
      if (el.type === "radio") { if (el.name in data) { el.checked = el.value === data[el.name]; } }
      else if (el.type === "checkbox") { if ((el.name + "=" + el.value) in data) { el.checked = !!data[el.name + "=" + el.value]; } }
      else if (el.name in data) { el.value = data[el.name]; }
    });
    return true;
  }

  function send() {
    if (sending || !kept()) { return; }
    var sent = kept();
    var data = new FormData(form);
    Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (el) { data.delete(el.name); });
    data.set("action", "save");
    sending = true;
    say("sending");
    post(data).then(function (result) {
      sending = false;
      if (result.kind === "ok") {
        if (kept() === sent) { try { localStorage.removeItem(storeKey); } catch (e) { /* ignore */ } }
        say("stored");
        if (kept()) { schedule(); }  // changed while this one was on its way
      } else if (result.kind === "expired") {
        say("expired");  // the draft stays in localStorage until a save succeeds
      } else {
        say("failed", errorText(result.body));
      }
    }).catch(function () {
      sending = false;
      say("offline");
      retryLater();
    });
  }

  function post(data) {
    return fetch(form.getAttribute("action") || window.location.href, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
    }).then(understand);
  }

  function errorText(body) {
    var errors = body && body.errors ? body.errors : {};
    return Object.keys(errors).map(function (k) { return errors[k]; }).join(" ");
  }

  // --- Evidence files: IndexedDB until the server has them ------------------------------------------------
  var waiting = {};  // code -> File, the files not yet on the server
  var sendingFiles = false;
  var FILES_DB = "waspada-questionnaire-files";

  function filesStore(mode, work) {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
      var opening = indexedDB.open(FILES_DB, 1);
      opening.onupgradeneeded = function () { opening.result.createObjectStore("files"); };
      opening.onerror = function () { reject(opening.error); };
      opening.onsuccess = function () {
        var db = opening.result;
        var tx = db.transaction("files", mode);
        var result = work(tx.objectStore("files"));
        tx.oncomplete = function () { db.close(); resolve(result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      };
    });
  }

  function fileKey(code) { return storeKey + "|" + code; }

  function keepFile(code, file) {
    waiting[code] = file;
    return filesStore("readwrite", function (store) { store.put({ code: code, file: file }, fileKey(code)); })
      .catch(function () { /* private mode: the file still waits in memory while the page is open */ });
  }

  function dropFile(code, file) {
    if (waiting[code] === file) { delete waiting[code]; }
    return filesStore("readwrite", function (store) { store["delete"](fileKey(code)); }).catch(function () {});
  }

  function restoreFiles() {
    return filesStore("readonly", function (store) {
      var found = [];
      var range = IDBKeyRange.bound(storeKey + "|", storeKey + "|\uffff");
      store.openCursor(range).onsuccess = function (event) {
        var cursor = event.target.result;
        if (cursor) { found.push(cursor.value); cursor["continue"](); }
      };
      return found;
    }).then(function (found) {
      found.forEach(function (item) { if (!waiting[item.code]) { waiting[item.code] = item.file; } });
      return found.length;
    }).catch(function () { return 0; });
  }

  function showAttached(code, url) {
    var box = form.querySelector('.question[data-code="' + code + '"] [data-evidence-link]');
    if (!box || !url) { return; }
    box.textContent = "";
    var link = document.createElement("a");
    link.href = url;
    link.textContent = status ? status.dataset.attached || "" : "";
    box.appendChild(link);
  }

  function sendFiles() {
    var codes = Object.keys(waiting);
    if (sendingFiles || !codes.length) { return Promise.resolve(); }
    if (navigator.onLine === false) { say("fileWaiting"); retryLater(); return Promise.resolve(); }
    var code = codes[0];
    var file = waiting[code];
    var data = new FormData();
    data.set("csrfmiddlewaretoken", csrfToken());
    data.set("action", "save");
    data.set("evidence_" + code, file, file.name || "bukti");
    sendingFiles = true;
    say("sending");
    return post(data).then(function (result) {
      sendingFiles = false;
      if (result.kind === "ok") {
        var input = form.querySelector('input[type=file][name="evidence_' + code + '"]');
        if (input) { input.value = ""; }  // the server has it: a plain POST need not carry it again
        showAttached(code, result.body.evidence && result.body.evidence[code]);
        say("fileStored");
        return dropFile(code, file).then(sendFiles);
      }
      if (result.kind === "expired") { say("expired"); return undefined; }
      say("failed", errorText(result.body));  // refused (type, size, closed round): resending will not help
      return dropFile(code, file).then(sendFiles);
    }).catch(function () {
      sendingFiles = false;
      say("fileWaiting");
      retryLater();
    });
  }

  function fileChosen(input) {
    var code = input.name.replace(/^evidence_/, "");
    var file = input.files && input.files[0];
    if (!file) { return; }
    var limit = Number(form.dataset.maxBytes || 0);
    if (limit && file.size > limit) { say("failed", status ? status.dataset.fileTooLarge : ""); return; }
    keepFile(code, file).then(function () {
      if (navigator.onLine === false) { say("fileWaiting"); retryLater(); return; }
      sendFiles();
    });
  }

  function schedule() {
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(function () {
      timer = null;
      if (navigator.onLine === false) { say("offline"); return; }
      send();
    }, 3000);
  }

  function changed(event) {
    if (event.target && event.target.type === "file") {  // sent at once, kept in IndexedDB until then
      if (event.type === "change") { fileChosen(event.target); }
      return;
    }
    keep();
    progress();
    say(navigator.onLine === false ? "offline" : "kept");
    schedule();
  }

  if (restore()) {
    say("restored");
    schedule();
  }
  restoreFiles().then(function (count) {
    if (count) { say("filesRestored"); sendFiles(); }
  });
  progress();
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  var submitter = null;
  form.addEventListener("submit", function (event) {
    if (navigator.onLine === false) { event.preventDefault(); keep(); say("offline"); return; }
    if (Object.keys(waiting).length) {
      // Files kept from an earlier visit are not in the file inputs: send them first, then submit.
      event.preventDefault();
      submitter = event.submitter || null;
      sendFiles().then(function () {
        if (!Object.keys(waiting).length) {
          if (form.requestSubmit) { form.requestSubmit(submitter); } else { form.submit(); }
        }
      });
      return;
    }
    if (timer) { window.clearTimeout(timer); timer = null; }
    try { localStorage.removeItem(storeKey); } catch (e) { /* the plain POST carries everything */ }
  });
  window.addEventListener("online", function () { send(); sendFiles(); });
  window.addEventListener("offline", function () { if (kept()) { say("offline"); } });
})();
