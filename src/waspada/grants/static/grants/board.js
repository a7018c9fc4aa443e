// The grants board map: each kab/kota of the national layer coloured by its worst grant state (the #grants-states
// JSON block: {code: state}), colours and names from #grants-legend. Kab/kota without agreements stay grey. Borrows
// the map pieces of web/map.js (window.WaspadaMap); no inline script (CSP).
(function () {
  "use strict";

  var OUTSIDE = "#eef1f4";

  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : {};
  }

  function init(container) {
    var specs = JSON.parse(container.dataset.layers);
    var states = readJSON("grants-states");
    var legend = readJSON("grants-legend");
    var map = window.WaspadaMap.create(container, specs);
    fetch(specs[0].url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status + " " + specs[0].url); return r.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          pane: specs[0].pane,
          filter: function (feature) { return feature.properties.code in states || !container.dataset.domain ||
            feature.properties.code.indexOf(container.dataset.domain + ".") === 0; },
          style: function (feature) {
            var state = states[feature.properties.code];
            return { color: "#ffffff", weight: 0.6, fillOpacity: state ? 0.85 : 0.4,
                     fillColor: state ? legend[state].colour : OUTSIDE };
          },
          onEachFeature: function (feature, shape) {
            var state = states[feature.properties.code];
            var label = feature.properties.name + (state ? " · " + legend[state].label : "");
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
    var container = document.getElementById("grants-map");
    if (container && window.L && window.WaspadaMap) init(container);
  });
})();
