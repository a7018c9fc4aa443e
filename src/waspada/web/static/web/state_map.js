// One map for every "state per kab/kota" page (the monitoring completion board, the grants board, the education
// coverage): each kab/kota of the national layer coloured by its state. A map element carries class "state-map"
// and names its JSON blocks: data-states ({code: state}), data-legend ({state: {colour, label}}) and optionally
// data-figures ({code: {activities, per_100k}}, with data-activities / data-rate as the words of the tooltip),
// and data-link (a URL with "{code}") to open a kab/kota's page on click.
// Kab/kota outside the view (data-domain) are left out; those without a state stay pale. Borrows the map pieces
// of web/map.js (window.WaspadaMap); no inline script (CSP).
(function () {
  "use strict";

  var OUTSIDE = "#eef1f4";

  function readJSON(id) {
    var node = id ? document.getElementById(id) : null;
    return node ? JSON.parse(node.textContent) : {};
  }

  function label(container, feature, state, legend, figures) {
    var code = feature.properties.code;
    var text = feature.properties.name;
    if (state && legend[state]) text += " · " + legend[state].label;
    var figure = figures[code];
    if (figure) {
      text += " · " + figure.activities + " " + container.dataset.activities;
      if (figure.per_100k !== null) text += " (" + figure.per_100k + " " + container.dataset.rate + ")";
    }
    return text;
  }

  function init(container) {
    var specs = JSON.parse(container.dataset.layers);
    var states = readJSON(container.dataset.states);
    var legend = readJSON(container.dataset.legend);
    var figures = readJSON(container.dataset.figures);
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
            var known = state && legend[state];
            return { color: "#ffffff", weight: 0.6, fillOpacity: known ? 0.85 : 0.4,
                     fillColor: known ? legend[state].colour : OUTSIDE };
          },
          onEachFeature: function (feature, shape) {
            var state = states[feature.properties.code];
            shape.bindTooltip(label(container, feature, state, legend, figures), { sticky: true });
            // Optional click-through (data-link, a URL with "{code}"), for the kab/kota in the view only.
            if (container.dataset.link && state) {
              shape.on("click", function () {
                window.location.href = container.dataset.link.replace("{code}", feature.properties.code);
              });
            }
          }
        }).addTo(map);
        var bounds = layer.getBounds();
        if (bounds.isValid()) map.fitBounds(bounds, { padding: [4, 4], animate: false });
        container.dataset.ready = "true";
      })
      .catch(function (error) { window.WaspadaMap.failed(container, error); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.L || !window.WaspadaMap) return;
    Array.prototype.forEach.call(document.querySelectorAll(".state-map[data-states]"), init);
  });
})();
