// Leaflet maps drawn only from our own boundary layers (no tile server). Layers are described in the
// container's data-layers attribute: [{url, pane, interactive, levels, prefix, weight}].
(function () {
  "use strict";

  function styleFor(spec) {
    return {
      color: spec.interactive ? "#35506b" : "#10243a",
      weight: spec.weight || (spec.interactive ? 0.6 : 1.4),
      fillColor: spec.fill || "#cfe0ee",
      fillOpacity: spec.interactive ? 0.55 : 0,
    };
  }

  function keep(spec, feature) {
    var p = feature.properties;
    if (spec.levels && spec.levels.indexOf(p.level) < 0) return false;
    if (spec.prefix && p.code.indexOf(spec.prefix + ".") !== 0 && p.code !== spec.prefix) return false;
    return true;
  }

  function addLayer(map, container, spec) {
    return fetch(spec.url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + spec.url);
        return response.json();
      })
      .then(function (data) {
        var regionUrl = container.dataset.regionUrl;
        var layer = L.geoJSON(data.type === "Feature" ? [data] : data, {
          pane: spec.pane,
          interactive: !!spec.interactive,
          filter: function (feature) { return keep(spec, feature); },
          style: function () { return styleFor(spec); },
          onEachFeature: function (feature, shape) {
            if (!spec.interactive) return;
            shape.bindTooltip(feature.properties.name, { sticky: true, direction: "top" });
            shape.on("mouseover", function () { shape.setStyle({ fillColor: "#f2b84b", fillOpacity: 0.75 }); });
            shape.on("mouseout", function () { shape.setStyle(styleFor(spec)); });
            shape.on("click", function () { window.location.href = regionUrl.replace("CODE", feature.properties.code); });
          },
        }).addTo(map);
        container.dataset["count" + spec.pane] = String(layer.getLayers().length);
        return layer;
      });
  }

  // Shared with incident_map.js (window.WaspadaMap): the map with one pane per layer, the framing, the marks
  // that tests and styles read (data-ready, data-error).
  function create(container, specs) {
    var map = L.map(container, { zoomSnap: 0.25, attributionControl: false, preferCanvas: false });
    map.setView([-2.5, 118], 5);
    specs.forEach(function (spec, index) {
      map.createPane(spec.pane).style.zIndex = String(400 + index);
      if (!spec.interactive) map.getPane(spec.pane).style.pointerEvents = "none";
    });
    return map;
  }

  function frame(map, container, layers) {
    var bbox = container.dataset.bbox ? JSON.parse(container.dataset.bbox) : null;
    if (bbox) {
      map.fitBounds([[bbox[1], bbox[0]], [bbox[3], bbox[2]]], { padding: [8, 8], animate: false });
    } else if (layers.length && layers[0].getBounds().isValid()) {
      map.fitBounds(layers[0].getBounds(), { padding: [4, 4], animate: false });
    }
    container.dataset.ready = "true";
  }

  function failed(container, error) {
    container.dataset.error = String(error);
    container.classList.add("map-error");
  }

  window.WaspadaMap = { create: create, frame: frame, failed: failed };

  function init(container) {
    var specs = JSON.parse(container.dataset.layers);
    var map = create(container, specs);
    Promise.all(specs.map(function (spec) { return addLayer(map, container, spec); }))
      .then(function (layers) { frame(map, container, layers); })
      .catch(function (error) { failed(container, error); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    // Containers with their own script (data-api: the incident map) only borrow the pieces above.
    document.querySelectorAll("[data-layers]:not([data-api])").forEach(init);
  });
})();
