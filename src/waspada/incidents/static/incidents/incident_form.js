/* The report form on a phone over a slow or dropping link.
 * - Every change is kept in localStorage, with the form's Idempotency-Key, so a reload or a dead battery
 *   does not lose the report.
 * - Sending uses fetch with the same key; if the connection drops the report stays on the phone and is
 *   resent automatically when the browser is back online (and every 30 s). The server creates exactly one
 *   incident per key, so a resend after a lost answer never makes a duplicate.
 * - Files cannot be kept in localStorage: they are resent only while the page stays open.
 * No inline script: the CSP forbids it. Works without JavaScript too (a plain POST with the hidden key). */
(function () {
  "use strict";
  var form = document.getElementById("incident-form");
  if (!form || !form.dataset.offlineDraft || !window.fetch || !window.FormData) { return; }
  var storeKey = form.dataset.offlineDraft;
  var status = document.getElementById("draft-status");
  var keyInput = form.querySelector("input[name=idempotency_key]");
  var pending = null;
  var retryTimer = null;

  function say(kind, extra) {
    if (!status) { return; }
    status.textContent = (status.dataset[kind] || "") + (extra ? " " + extra : "");
    status.classList.toggle("offline", kind === "offline");
  }

  function snapshot() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.name === "csrfmiddlewaretoken") { return; }
      if (el.type === "radio") { if (el.checked) { data[el.name] = el.value; } return; }
      if (el.type === "checkbox") { data[el.name] = el.checked; return; }
      data[el.name] = el.value;
    });
    return data;
  }

  function save() {
    try { localStorage.setItem(storeKey, JSON.stringify(snapshot())); } catch (e) { /* storage full or off */ }
  }

  function restore() {
    var raw = null;
    try { raw = localStorage.getItem(storeKey); } catch (e) { return; }
    if (!raw) { return; }
    var data;
    try { data = JSON.parse(raw); } catch (e) { return; }
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in data) || el.type === "file" || el.name === "csrfmiddlewaretoken") { return; }
      if (el.type === "radio") { el.checked = el.value === data[el.name]; }
      else if (el.type === "checkbox") { el.checked = !!data[el.name]; }
      else { el.value = data[el.name]; }
    });
    say("restored");
    form.dispatchEvent(new Event("waspada:restored"));  // incident_place.js redraws the map and sub-types
  }

  function clearErrors() {
    Array.prototype.forEach.call(form.querySelectorAll(".error[data-js]"), function (el) { el.remove(); });
  }

  function showErrors(errors) {
    clearErrors();
    Object.keys(errors).forEach(function (name) {
      var box = form.querySelector('[data-name="' + name + '"]') || form.querySelector(".severity-field") || form;
      var p = document.createElement("p");
      p.className = "error";
      p.setAttribute("data-js", "1");
      p.setAttribute("data-field", name);
      p.textContent = errors[name].join(" ");
      box.appendChild(p);
    });
    say("failed");
  }

  function send() {
    if (!pending) { return; }
    say("sending");
    // getAttribute, not form.action: the submit buttons are named "action", which shadows the property.
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST", body: pending, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, status: response.status, body: body }; });
    }).then(function (result) {
      if (result.ok) {
        pending = null;
        try { localStorage.removeItem(storeKey); } catch (e) { /* ignore */ }
        window.location.assign(result.body.url);
      } else if (result.status === 422 && result.body.errors) {
        pending = null;
        showErrors(result.body.errors);
      } else {
        throw new Error("HTTP " + result.status);
      }
    }).catch(function () {
      say("offline");
      if (!retryTimer) { retryTimer = window.setInterval(function () { if (navigator.onLine !== false) { send(); } }, 30000); }
    });
  }

  if (keyInput && !keyInput.value) { keyInput.value = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random(); }
  restore();
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    save();
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) { data.set(event.submitter.name, event.submitter.value); }
    pending = data;
    send();
  });
  window.addEventListener("online", send);

  // "Use my location" and the map: incident_place.js.
})();
