/* Where and what, on the report form and the detail page (no inline script: the CSP forbids it).
 * Form: the event type narrows the sub-type list; kecamatan and desa are found by name (typeahead on
 * /regions/lookup/, the code goes in the hidden field); a small map places the point (tap drops the marker,
 * drag moves it, "Use my location" asks the phone) over the chosen kab/kota's outline. Without JavaScript
 * the form still works: every sub-type is listed and typed names are matched on the server.
 * Detail page: the same map, read-only, with the point and the kab/kota outline. */
(function () {
  "use strict";

  var layerCache = {};

  function fetchLayer(url) {
    if (!layerCache[url]) {
      layerCache[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) { throw new Error(response.status + " " + url); }
        return response.json();
      });
    }
    return layerCache[url];
  }

  function within(code, prefix) { return code === prefix || code.indexOf(prefix + ".") === 0; }

  // A small map with no base tiles: the kab/kota outline and its kecamatan are the landmarks.
  function PlaceMap(container, options) {
    this.container = container;
    this.options = options;
    this.map = L.map(container, { attributionControl: false, zoomSnap: 0.25, scrollWheelZoom: false });
    this.map.setView([-2.5, 118], 4);
    this.outline = null;
    this.marker = null;
    container.dataset.ready = "true";
  }

  PlaceMap.prototype.showRegion = function (layerUrl, kabkota, kecamatan, bbox) {
    var self = this;
    if (self.outline) { self.map.removeLayer(self.outline); self.outline = null; }
    if (bbox) { self.map.fitBounds([[bbox[1], bbox[0]], [bbox[3], bbox[2]]], { padding: [6, 6], animate: false }); }
    if (!layerUrl || !kabkota) { return Promise.resolve(); }
    return fetchLayer(layerUrl).then(function (data) {
      self.outline = L.geoJSON(data, {
        interactive: false,
        filter: function (feature) { return within(feature.properties.code, kabkota); },
        style: function (feature) {
          var code = feature.properties.code;
          if (code === kabkota) { return { color: "#10243a", weight: 2.5, fill: false }; }
          var chosen = kecamatan && code === kecamatan;
          return { color: chosen ? "#b3261e" : "#7890a8", weight: chosen ? 2 : 0.7,
                   fillColor: "#f2b84b", fillOpacity: chosen ? 0.25 : 0 };
        },
      }).addTo(self.map);
      var bounds = self.outline.getBounds();
      if (!self.marker && bounds.isValid()) { self.map.fitBounds(bounds, { padding: [6, 6], animate: false }); }
      self.container.dataset.outline = kabkota;
    }).catch(function (error) { self.container.dataset.error = String(error); });
  };

  PlaceMap.prototype.setPoint = function (lat, lng, pan) {
    var self = this;
    if (lat === null || isNaN(lat) || isNaN(lng)) {
      if (self.marker) { self.map.removeLayer(self.marker); self.marker = null; }
      return;
    }
    if (!self.marker) {
      self.marker = L.marker([lat, lng], { draggable: !!self.options.editable, keyboard: false }).addTo(self.map);
      if (self.options.onMove) {
        self.marker.on("dragend", function () {
          var at = self.marker.getLatLng();
          self.options.onMove(at.lat, at.lng);
        });
      }
    } else {
      self.marker.setLatLng([lat, lng]);
    }
    if (pan) { self.map.setView([lat, lng], Math.max(self.map.getZoom(), 13), { animate: false }); }
    self.container.dataset.point = lat.toFixed(5) + "," + lng.toFixed(5);
  };

  function fire(el) { el.dispatchEvent(new Event("change", { bubbles: true })); }

  // --- The report form ---------------------------------------------------------------------------------

  function narrowSubtypes(form) {
    var typeSelect = form.elements.event_type;
    var subSelect = form.elements.event_subtype;
    var source = document.getElementById("subtypes-by-type");
    if (!typeSelect || !subSelect || !source) { return; }
    var byType = JSON.parse(source.textContent);
    var blank = subSelect.querySelector('option[value=""]');
    var blankText = blank ? blank.textContent : "—";
    function render() {
      var keep = subSelect.value;
      var list = byType[typeSelect.value] || [];
      subSelect.textContent = "";
      subSelect.appendChild(new Option(blankText, ""));
      list.forEach(function (pair) { subSelect.appendChild(new Option(pair[1], pair[0])); });
      subSelect.value = list.some(function (pair) { return pair[0] === keep; }) ? keep : "";
      subSelect.disabled = list.length === 0;
    }
    typeSelect.addEventListener("change", render);
    form.addEventListener("waspada:restored", render);
    render();
  }

  function typeahead(form, input, hidden, parentOf, onChosen) {
    var list = document.getElementById(input.id + "-list");
    var baseUrl = form.dataset.lookup.replace("KIND", input.dataset.lookup);
    var timer = null;
    var active = -1;
    var results = [];
    var asked = 0;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function close() {
      list.hidden = true;
      list.textContent = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function choose(place) {
      input.value = place.name;
      hidden.value = place.code;
      close();
      fire(hidden);
      onChosen(place);
    }

    function highlight(index) {
      var items = list.querySelectorAll("li[role=option]");
      items.forEach(function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (items[index]) { input.setAttribute("aria-activedescendant", items[index].id); }
    }

    function show(places) {
      results = places;
      list.textContent = "";
      if (!places.length) {
        var none = document.createElement("li");
        none.className = "muted";
        none.textContent = form.dataset.noMatch;
        list.appendChild(none);
      }
      places.forEach(function (place, i) {
        var li = document.createElement("li");
        li.id = input.id + "-option-" + i;
        li.setAttribute("role", "option");
        li.textContent = place.name;
        // mousedown, not click: it comes before the input's blur closes the list.
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(place); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function ask() {
      var parent = parentOf();
      if (!parent) { close(); return; }
      var number = ++asked;
      var url = baseUrl + "?limit=50&parent=" + encodeURIComponent(parent) + "&q=" + encodeURIComponent(input.value);
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (body) { if (number === asked && document.activeElement === input) { show(body.results); } })
        .catch(function () { close(); });
    }

    input.addEventListener("input", function () {
      hidden.value = "";  // a typed name no longer matches the chosen code; the server matches it if sent
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 180);
    });
    input.addEventListener("focus", ask);
    input.addEventListener("blur", function () { window.setTimeout(close, 100); });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(Math.min(active + 1, results.length - 1)); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(results[active]); }
      else if (event.key === "Escape") { close(); }
    });
  }

  function initForm(form) {
    narrowSubtypes(form);
    var region = form.elements.region;
    var kecName = form.elements.kecamatan_name, kecCode = form.elements.kecamatan;
    var desaName = form.elements.desa_name, desaCode = form.elements.desa;
    var lat = form.elements.lat, lng = form.elements.lng;
    var container = document.getElementById("place-map");
    var layers = container ? JSON.parse(container.dataset.layers || "{}") : {};
    var bboxes = container ? JSON.parse(container.dataset.bboxes || "{}") : {};
    var placeMap = null;

    function number(el) { return el && el.value !== "" ? parseFloat(el.value) : NaN; }

    function writePoint(la, ln, precision) {
      lat.value = la.toFixed(6);
      lng.value = ln.toFixed(6);
      if (precision && form.elements.geo_precision) { form.elements.geo_precision.value = precision; }
      fire(lat);
      fire(lng);
    }

    function drawRegion() {
      if (!placeMap) { return; }
      var code = region ? region.value : "";
      placeMap.showRegion(layers[code.slice(0, 2)] || "", code, kecCode ? kecCode.value : "", bboxes[code] || null);
    }

    if (container && window.L) {
      container.hidden = false;
      document.getElementById("place-map-hint").hidden = false;
      placeMap = new PlaceMap(container, { editable: true, onMove: function (la, ln) { writePoint(la, ln, "exact"); } });
      placeMap.map.on("click", function (event) {
        placeMap.setPoint(event.latlng.lat, event.latlng.lng, false);
        writePoint(event.latlng.lat, event.latlng.lng, "exact");
      });
      [lat, lng].forEach(function (el) {
        el.addEventListener("input", function () { placeMap.setPoint(number(lat), number(lng), true); });
      });
      placeMap.setPoint(number(lat), number(lng), true);
      drawRegion();
    }

    if (region) {
      region.addEventListener("change", function () {
        if (kecCode && kecCode.value && kecCode.value.indexOf(region.value + ".") !== 0) {
          kecCode.value = ""; kecName.value = ""; desaCode.value = ""; desaName.value = "";
        }
        drawRegion();
      });
    }
    if (kecName && form.dataset.lookup) {
      typeahead(form, kecName, kecCode, function () { return region ? region.value : ""; }, function () {
        if (desaCode.value && desaCode.value.indexOf(kecCode.value + ".") !== 0) { desaCode.value = ""; desaName.value = ""; }
        drawRegion();
      });
      typeahead(form, desaName, desaCode, function () { return kecCode.value; }, function () {});
    }
    form.addEventListener("waspada:restored", function () {
      drawRegion();
      if (placeMap) { placeMap.setPoint(number(lat), number(lng), true); }
    });

    var locate = document.getElementById("use-location");
    var status = document.getElementById("location-status");
    if (locate && navigator.geolocation) {
      locate.hidden = false;
      locate.addEventListener("click", function () {
        status.textContent = locate.dataset.finding;
        navigator.geolocation.getCurrentPosition(function (pos) {
          status.textContent = "";
          writePoint(pos.coords.latitude, pos.coords.longitude, "exact");
          if (placeMap) { placeMap.setPoint(pos.coords.latitude, pos.coords.longitude, true); }
        }, function () {
          status.textContent = locate.dataset.failed;
        }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
      });
    }
  }

  // --- The detail page ---------------------------------------------------------------------------------

  function initDetail(container) {
    if (!window.L) { return; }
    var placeMap = new PlaceMap(container, { editable: false });
    var d = container.dataset;
    placeMap.setPoint(d.lat ? parseFloat(d.lat) : null, d.lng ? parseFloat(d.lng) : NaN, true);
    placeMap.showRegion(d.layer || "", d.kabkota || "", d.kecamatan || "", d.bbox ? JSON.parse(d.bbox) : null)
      .then(function () {
        var bounds = placeMap.outline ? placeMap.outline.getBounds() : null;
        if (bounds && bounds.isValid()) {
          if (placeMap.marker) { bounds.extend(placeMap.marker.getLatLng()); }
          placeMap.map.fitBounds(bounds, { padding: [10, 10], animate: false });
        }
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("incident-form");
    if (form) { initForm(form); }
    var detail = document.getElementById("incident-place-map");
    if (detail) { initDetail(detail); }
  });
})();
