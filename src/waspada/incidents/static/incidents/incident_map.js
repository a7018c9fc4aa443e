// The incident map: kab/kota (inside a kab/kota: kecamatan) shaded by incident count (GET /api/v1/incidents/map with
// the page's filters) over our own boundary layers (and tiles when the deployment sets them, web/map.js), and
// points by severity on one canvas so thousands stay smooth. Clicking an area opens the incident list with that
// region and the same filters (on the landing map, data-click="region": the region's page). Everything comes
// from data-* attributes and the #map-labels JSON block: no inline script (CSP). The national landing map uses
// this script too.
(function () {
  "use strict";

  var CLASS_COLOURS = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
  var ZERO = "#ffffff";
  var OUTSIDE = "#cfd6dd";

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + url);
      return r.json();
    });
  }

  function classOf(count, breaks) {
    if (!count) return -1;
    for (var i = 0; i < breaks.length; i++) if (count <= breaks[i]) return i;
    return breaks.length - 1;
  }

  // Fewer classes than colours (few distinct counts): use the darker end, so the top class is always the darkest.
  function colourOf(cls, breaks) {
    return cls < 0 ? ZERO : CLASS_COLOURS[CLASS_COLOURS.length - breaks.length + cls];
  }

  function inside(code, domain) {
    return !domain || code === domain || code.indexOf(domain + ".") === 0 || domain.indexOf(code + ".") === 0;
  }

  function text(template, n) {
    return template.replace("%(n)s", Number(n).toLocaleString(document.documentElement.lang || undefined));
  }

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  // Which counts colour a layer: the API's `kabkota` (with `breaks`) or `kecamatan` (with `kecamatan_breaks`).
  function countsOf(data, spec) {
    return spec.counts === "kecamatan" ? data.kecamatan : data.kabkota;
  }

  function breaksOf(data, spec) {
    return spec.counts === "kecamatan" ? data.kecamatan_breaks : data.breaks;
  }

  function listUrl(container, code) {
    if (container.dataset.click === "region") return container.dataset.regionUrl.replace("CODE", code);
    var params = new URLSearchParams(JSON.parse(container.dataset.rest || "{}"));
    var domain = container.dataset.domain || "";
    // A filter below the kab/kota (a kecamatan) stays: the list must show what the map counted.
    params.set("region", domain.indexOf(code + ".") === 0 ? domain : code);
    return container.dataset.list + "?" + params.toString();
  }

  function legend(container, data, labels, spec) {
    var box = document.getElementById("map-legend");
    if (!box) return;
    var breaks = breaksOf(data, spec);
    box.textContent = "";
    box.appendChild(el("strong", "", spec.counts === "kecamatan" ? labels.legend_kecamatan : labels.legend));
    var list = el("ul");
    function item(className, label) {
      var li = el("li");
      li.appendChild(el("span", "swatch " + className));
      li.appendChild(document.createTextNode(label));
      list.appendChild(li);
    }
    item("zero", labels.zero);
    var low = 1;
    breaks.forEach(function (high, i) {
      var index = CLASS_COLOURS.length - breaks.length + i;
      item("c" + index, low === high ? String(high) : low + "–" + high);
      low = high + 1;
    });
    if (container.dataset.outside) item("outside", labels.outside);
    box.appendChild(list);
  }

  function table(container, rows) {
    var body = document.getElementById("map-table");
    if (!body) return;
    rows.sort(function (a, b) { return b.count - a.count || a.name.localeCompare(b.name); });
    rows.forEach(function (row) {
      var tr = el("tr");
      tr.appendChild(el("td", "", row.name));
      tr.appendChild(el("td", "", row.code));
      var td = el("td");
      var link = el("a", "", String(row.count));
      link.href = listUrl(container, row.code);
      td.appendChild(link);
      tr.appendChild(td);
      body.appendChild(tr);
    });
    document.getElementById("map-table-box").hidden = rows.length === 0;
  }

  function drawRegions(map, container, spec, geojson, data, labels) {
    var domain = container.dataset.domain || "";
    var shown = [];
    var coloured = 0;
    var counts = countsOf(data, spec);
    var breaks = breaksOf(data, spec);
    var tiles = container.dataset.tiles === "true";
    var layer = L.geoJSON(geojson, {
      pane: spec.pane,
      interactive: !!spec.interactive,
      filter: function (f) { return !spec.levels || spec.levels.indexOf(f.properties.level) >= 0; },
      style: function (f) {
        if (!spec.interactive) return { color: "#10243a", weight: 1.2, fill: false };
        var mine = inside(f.properties.code, domain);
        var count = counts[f.properties.code] || 0;
        if (mine && count) coloured++;
        if (!mine) container.dataset.outside = "true";
        // Over tiles the colours are a little lighter, so streets and place names stay readable.
        return { color: mine ? "#5d6b7a" : "#9aa5b1", weight: spec.counts === "kecamatan" ? 0.8 : 0.5,
                 fillOpacity: mine ? (tiles ? 0.7 : 0.85) : (tiles ? 0.35 : 0.55),
                 fillColor: mine ? colourOf(classOf(count, breaks), breaks) : OUTSIDE };
      },
      onEachFeature: function (f, shape) {
        if (!spec.interactive) return;
        var code = f.properties.code;
        var tip = el("div");
        tip.appendChild(el("strong", "", f.properties.name));
        tip.appendChild(el("br"));
        if (!inside(code, domain)) {
          tip.appendChild(el("span", "", labels.outside));
          shape.bindTooltip(tip, { sticky: true, className: "count-tip" });
          return;
        }
        var count = counts[code] || 0;
        if (count) shown.push({ code: code, name: f.properties.name, count: count });
        tip.appendChild(el("span", "", count ? count.toLocaleString(document.documentElement.lang || undefined) + " " +
          labels.incidents : labels.none));
        shape.bindTooltip(tip, { sticky: true, className: "count-tip" });
        shape.on("mouseover", function () { shape.setStyle({ weight: 2.5, color: "#10243a" }); });
        shape.on("mouseout", function () { shape.setStyle({ weight: 0.5, color: "#5d6b7a" }); });
        shape.on("click", function () { window.location.href = listUrl(container, code); });
      },
    }).addTo(map);
    layer.spec = spec; // web/map.js names the shapes at close zoom when the spec asks (`labels`)
    container.dataset["count" + spec.pane] = String(layer.getLayers().length); // as web/map.js marks its layers
    if (spec.interactive) {
      container.dataset.coloured = String(coloured);
      container.dataset.shapes = String(layer.getLayers().length);
      table(container, shown);
    }
    return layer;
  }

  // Small dots when the whole country is in view (thousands would hide the colours below), bigger closer in.
  function radiusAt(zoom) {
    return zoom < 6 ? 2 : zoom < 8 ? 3 : 4.5;
  }

  function drawPoints(map, container, points) {
    var colours = JSON.parse(container.dataset.colours || "{}");
    var renderer = L.canvas({ pane: "points", padding: 0.3 });
    var group = L.layerGroup().addTo(map);
    // Worst last, so it is drawn on top.
    points.slice().sort(function (a, b) { return a.severity - b.severity; }).forEach(function (p) {
      L.circleMarker([p.lat, p.lng], {
        renderer: renderer, interactive: false, radius: radiusAt(map.getZoom()), weight: 0.5, color: "#1b1b1b",
        fillColor: colours[p.severity] || "#e8503a", fillOpacity: 0.85,
      }).addTo(group);
    });
    map.on("zoomend", function () {
      var radius = radiusAt(map.getZoom());
      group.eachLayer(function (marker) { marker.setRadius(radius); });
    });
    var toggle = document.getElementById("show-points");
    if (toggle) {
      toggle.disabled = points.length === 0;
      toggle.addEventListener("change", function () {
        if (toggle.checked) group.addTo(map); else map.removeLayer(group);
      });
    }
    container.dataset.points = String(points.length);
  }

  function status(container, data, labels) {
    var box = document.getElementById("map-status");
    if (!box) return;
    var parts = [text(labels.total, data.total)];
    if (container.dataset.showPoints !== "false") parts.push(text(labels.points, data.points.length));
    if (container.dataset.showPoints !== "false" && data.points_truncated) parts.push(text(labels.truncated, data.points.length));
    if (data.unplaced) parts.push(text(labels.unplaced, data.unplaced));
    if (data.kecamatan_unplaced) parts.push(text(labels.kecamatan_unplaced, data.kecamatan_unplaced));
    box.textContent = parts.join(" ");
  }

  function init(container) {
    var labels = JSON.parse(document.getElementById("map-labels").textContent);
    var specs = JSON.parse(container.dataset.layers);
    var map = window.WaspadaMap.create(container, specs); // web/map.js
    map.createPane("points").style.zIndex = "640";
    map.getPane("points").style.pointerEvents = "none"; // hover and click belong to the kab/kota below
    Promise.all([getJSON(container.dataset.api)].concat(specs.map(function (s) { return getJSON(s.url); })))
      .then(function (answers) {
        var data = answers[0];
        var layers = specs.map(function (spec, i) { return drawRegions(map, container, spec, answers[i + 1], data, labels); });
        if (container.dataset.showPoints !== "false") drawPoints(map, container, data.points);
        var keys = document.getElementById("map-keys");
        // On a wide screen the keys go onto the map; on a phone they would hide it, so they stay below.
        if (keys && !window.matchMedia("(max-width: 720px)").matches) {
          var control = L.control({ position: "bottomright" });
          control.onAdd = function () {
            keys.classList.add("leaflet-control");
            L.DomEvent.disableClickPropagation(keys);
            return keys;
          };
          control.addTo(map);
        }
        var choropleth = specs.filter(function (spec) { return spec.interactive; })[0] || { counts: "kabkota" };
        legend(container, data, labels, choropleth);
        status(container, data, labels);
        window.WaspadaMap.frame(map, container, layers);
      })
      .catch(function (error) {
        window.WaspadaMap.failed(container, error);
        var box = document.getElementById("map-status");
        if (box) box.textContent = labels.error + " (" + error.message + ")";
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    // A phone needs the map more than the open filter form; the form is one tap away.
    var filters = document.querySelector(".filter-box");
    if (filters && window.matchMedia("(max-width: 720px)").matches) filters.open = false;
    document.querySelectorAll("[data-layers][data-api]").forEach(init);
  });
})();
