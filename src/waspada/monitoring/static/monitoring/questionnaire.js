/* The monitoring questionnaire on a phone or a PC over a slow or dropping link.
 * - Progress: "N of M required questions answered" for the page and each dimension, recomputed as answers
 *   change, with the same rule as the server (a question hidden by its condition does not count).
 * - Every change is kept in localStorage under the assignment's key, so a reload or a dead battery loses nothing.
 * - 3 s after the last change the form is saved (action=save) with fetch; a save that changes nothing writes
 *   nothing on the server, so a resend is harmless. Without a connection the answers stay on the phone and are
 *   resent when the browser is back online (and every 30 s).
 * - Files are not autosaved (localStorage cannot keep them): "Save draft" / "Submit" send them as a plain POST.
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
    status.classList.toggle("offline", kind === "offline");
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
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      sending = false;
      if (result.ok) {
        if (kept() === sent) { try { localStorage.removeItem(storeKey); } catch (e) { /* ignore */ } }
        say("stored");
        if (kept()) { schedule(); }  // changed while this one was on its way
      } else {
        var errors = result.body && result.body.errors ? result.body.errors : {};
        say("failed", Object.keys(errors).map(function (k) { return errors[k]; }).join(" "));
      }
    }).catch(function () {
      sending = false;
      say("offline");
      if (!retryTimer) { retryTimer = window.setInterval(function () { if (navigator.onLine !== false) { send(); } }, 30000); }
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
    if (event.target && event.target.type === "file") { return; }  // sent with the buttons, not autosaved
    keep();
    progress();
    say(navigator.onLine === false ? "offline" : "kept");
    schedule();
  }

  if (restore()) {
    say("restored");
    schedule();
  }
  progress();
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) {
    if (navigator.onLine === false) { event.preventDefault(); keep(); say("offline"); return; }
    if (timer) { window.clearTimeout(timer); timer = null; }
    try { localStorage.removeItem(storeKey); } catch (e) { /* the plain POST carries everything */ }
  });
  window.addEventListener("online", send);
  window.addEventListener("offline", function () { if (kept()) { say("offline"); } });
})();
