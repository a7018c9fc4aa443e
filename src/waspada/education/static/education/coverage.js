// The coverage map: each kab/kota of the national layer coloured by its state (#coverage-states: {code: state}:
// high risk without activity, high risk reached, reached, no activity), the tooltip giving its activities and
// activities per 100,000 (#coverage-figures). Kab/kota outside the view stay pale. Borrows the map pieces of
// web/map.js (window.WaspadaMap); no inline script (CSP).
(function () {
  "use strict";

  var OUTSIDE = "#eef1f4";

  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : {};
  }

  function init(container) {
    var specs = JSON.parse(container.dataset.layers);
    var states = readJSON("coverage-states");
    var figures = readJSON("coverage-figures");
    var legend = readJSON("coverage-legend-map");
    var domain = container.dataset.domain;
    var map = window.WaspadaMap.create(container, specs);
    fetch(specs[0].url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status + " " + specs[0].url); return r.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          pane: specs[0].pane,
          filter: function (feature) {
            var code = feature.properties.code;
            return code in states || !domain || code === domain || code.indexOf(domain + ".") === 0;
          },
          style: function (feature) {
            var state = states[feature.properties.code];
            return { color: "#ffffff", weight: 0.6, fillOpacity: state ? 0.85 : 0.4,
                     fillColor: state && legend[state] ? legend[state].colour : OUTSIDE };
          },
          onEachFeature: function (feature, shape) {
            var code = feature.properties.code;
            var state = states[code];
            var label = feature.properties.name;
            if (state && legend[state]) label += " · " + legend[state].label;
            var figure = figures[code];
            if (figure) {
              label += " · " + figure.activities + " " + container.dataset.activities;
              if (figure.per_100k !== null) label += " (" + figure.per_100k + " " + container.dataset.rate + ")";
            }
            shape.bindTooltip(label, { sticky: true });
          }
        }).addTo(map);
        var bounds = layer.getBounds();
        if (bounds.isValid()) map.fitBounds(bounds, { padding: [4, 4], animate: false });
        container.dataset.ready = "true";
      })
      .catch(function (error) { window.WaspadaMap.failed(container, error); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var container = document.getElementById("coverage-map");
    if (container && window.L && window.WaspadaMap) init(container);
  });
})();
