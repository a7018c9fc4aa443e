// The index map: the boundary layer (cached by the browser for good) coloured by the scores the page carries in
// #index-scores: {dims: [codes], bands: {sedang, tinggi}, rows: {code: [composite, category, dim...]}}; the layer
// shown first is the container's data-layer.
// The composite takes the category the run stored; a dimension is cut at the same bands. The layer <select>
// recolours without a reload. Regions outside the user's scope stay grey and quiet. No inline script (CSP).
(function () {
  "use strict";

  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : {};
  }

  function categoryOf(value, bands) {
    if (value === null || value === undefined) return "none";
    return value >= bands.tinggi ? "tinggi" : value >= bands.sedang ? "sedang" : "rendah";
  }

  function init(container) {
    var specs = JSON.parse(container.dataset.layers);
    var data = readJSON("index-scores");
    var legend = readJSON("index-legend-data");
    var select = document.getElementById("index-layer");
    var layerCode = container.dataset.layer || "composite";
    var domain = container.dataset.domain;
    var map = window.WaspadaMap.create(container, specs);

    function valueOf(row) {
      if (layerCode === "composite") return row[0];
      var i = data.dims.indexOf(layerCode);
      return i < 0 ? null : row[2 + i];
    }

    function categoryFor(row) {
      if (!row) return null;
      if (layerCode === "composite") return row[1] || (row[0] === null ? "none" : categoryOf(row[0], data.bands));
      return categoryOf(valueOf(row), data.bands);
    }

    function inside(code) {
      return !domain || code === domain || code.indexOf(domain + ".") === 0;
    }

    function style(feature) {
      var row = data.rows[feature.properties.code];
      var category = categoryFor(row);
      if (!category) {
        var mine = inside(feature.properties.code);
        return { color: "#ffffff", weight: 0.6, fillOpacity: mine ? 0.85 : 0.4,
                 fillColor: mine ? legend.colours.none : legend.outside };
      }
      return { color: "#ffffff", weight: 0.6, fillOpacity: 0.85, fillColor: legend.colours[category] };
    }

    function label(feature) {
      var row = data.rows[feature.properties.code];
      if (!row) return feature.properties.name;
      var value = valueOf(row);
      var category = categoryFor(row);
      return feature.properties.name + " · " + (value === null ? legend.none : value.toFixed(1) + " · " +
        legend.labels[category]);
    }

    fetch(specs[0].url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status + " " + specs[0].url); return r.json(); })
      .then(function (geo) {
        var layer = L.geoJSON(geo, {
          pane: specs[0].pane,
          filter: function (feature) {
            var p = feature.properties;
            return specs[0].levels.indexOf(p.level) >= 0;
          },
          style: style,
          onEachFeature: function (feature, shape) {
            shape.bindTooltip(function () { return label(feature); }, { sticky: true });
            if (data.rows[feature.properties.code]) {
              shape.on("click", function () {
                window.location.href = container.dataset.detail.replace("CODE", feature.properties.code);
              });
            }
          }
        }).addTo(map);
        var shown = L.featureGroup(layer.getLayers().filter(function (shape) {
          return inside(shape.feature.properties.code) || data.rows[shape.feature.properties.code];
        }));
        var bounds = shown.getLayers().length ? shown.getBounds() : layer.getBounds();
        if (bounds.isValid()) map.fitBounds(bounds, { padding: [4, 4], animate: false });
        if (select) {
          select.addEventListener("change", function () {
            layerCode = select.value;
            layer.setStyle(style);
            container.dataset.layer = layerCode;
            var png = document.querySelector("a[href*='map.png']");
            if (png) png.href = png.href.replace(/layer=[^&]*/, "layer=" + encodeURIComponent(layerCode));
          });
        }
        container.dataset.layer = layerCode;
        container.dataset.count = String(layer.getLayers().length);
        container.dataset.ready = "true";
      })
      .catch(function (error) { window.WaspadaMap.failed(container, error); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var container = document.getElementById("index-map");
    if (container && window.L && window.WaspadaMap) init(container);
  });
})();
