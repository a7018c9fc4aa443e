// Leaflet maps drawn from our own boundary layers, over a base layer of tiles only when the deployment sets one
// (WASPADA_TILE_URL: the container then carries data-tile-url, data-tile-attribution and
// data-tile-attribution-url). Layers are described in the container's data-layers attribute:
// [{url, pane, interactive, levels, prefix, weight, labels}]. A layer with `labels` names its shapes on the map
// from zoom `labels` on (kecamatan at close zoom), so a kab/kota reads as its districts, not as one polygon.
(function () {
  "use strict";

  function hasTiles(container) {
    return !!container.dataset.tileUrl;
  }

  function styleFor(spec, tiles) {
    return {
      color: spec.interactive ? "#35506b" : "#10243a",
      weight: spec.weight || (spec.interactive ? 0.6 : 1.4),
      fillColor: spec.fill || "#cfe0ee",
      // Over tiles the fill is lighter, so streets and place names show through.
      fillOpacity: spec.interactive ? (tiles ? 0.25 : 0.55) : 0,
    };
  }

  function keep(spec, feature) {
    var p = feature.properties;
    if (spec.levels && spec.levels.indexOf(p.level) < 0) return false;
    if (spec.prefix && p.code.indexOf(spec.prefix + ".") !== 0 && p.code !== spec.prefix) return false;
    return true;
  }

  // Names drawn on the map (permanent tooltips at each shape's centre), shown only from `minZoom` on.
  function labels(map, layer, minZoom) {
    var group = L.layerGroup();
    layer.eachLayer(function (shape) {
      if (!shape.feature || !shape.getBounds) return;
      var centre = shape.getCenter ? shape.getCenter() : shape.getBounds().getCenter();
      group.addLayer(L.tooltip(centre, {
        permanent: true, direction: "center", className: "area-label", interactive: false,
        content: shape.feature.properties.name,
      }));
    });
    function update() {
      var show = map.getZoom() >= minZoom;
      if (show && !map.hasLayer(group)) group.addTo(map);
      if (!show && map.hasLayer(group)) map.removeLayer(group);
      map.getContainer().dataset.labels = show ? String(group.getLayers().length) : "0";
    }
    map.on("zoomend", update);
    update();
    return group;
  }

  function addLayer(map, container, spec) {
    return fetch(spec.url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + spec.url);
        return response.json();
      })
      .then(function (data) {
        var regionUrl = container.dataset.regionUrl;
        var tiles = hasTiles(container);
        var layer = L.geoJSON(data.type === "Feature" ? [data] : data, {
          pane: spec.pane,
          interactive: !!spec.interactive,
          filter: function (feature) { return keep(spec, feature); },
          style: function () { return styleFor(spec, tiles); },
          onEachFeature: function (feature, shape) {
            if (!spec.interactive) return;
            shape.bindTooltip(feature.properties.name, { sticky: true, direction: "top" });
            shape.on("mouseover", function () { shape.setStyle({ fillColor: "#f2b84b", fillOpacity: 0.75 }); });
            shape.on("mouseout", function () { shape.setStyle(styleFor(spec, tiles)); });
            shape.on("click", function () { window.location.href = regionUrl.replace("CODE", feature.properties.code); });
          },
        }).addTo(map);
        container.dataset["count" + spec.pane] = String(layer.getLayers().length);
        layer.spec = spec;
        return layer;
      });
  }

  function escapeHtml(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // The credit the tile provider requires, built from plain text (Leaflet inserts attributions as HTML).
  function attribution(container) {
    var text = escapeHtml(container.dataset.tileAttribution || "");
    var href = container.dataset.tileAttributionUrl || "";
    if (/^https?:\/\//.test(href)) return '<a href="' + escapeHtml(href) + '" rel="noopener">' + text + "</a>";
    return text;
  }

  // Shared with incident_map.js (window.WaspadaMap): the map with one pane per layer, the base layer when one is
  // configured, the framing, the marks that tests and styles read (data-ready, data-error, data-tiles).
  function create(container, specs) {
    var tiles = hasTiles(container);
    var map = L.map(container, { zoomSnap: 0.25, attributionControl: tiles, preferCanvas: false });
    if (tiles) {
      map.attributionControl.setPrefix(false);
      L.tileLayer(container.dataset.tileUrl, { attribution: attribution(container), maxZoom: 19 }).addTo(map);
      container.classList.add("with-tiles");
    }
    container.dataset.tiles = tiles ? "true" : "false";
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
    // Labels after framing: their centres need the map's size.
    layers.forEach(function (layer) {
      if (layer && layer.spec && layer.spec.labels) labels(map, layer, layer.spec.labels);
    });
    container.dataset.ready = "true";
  }

  function failed(container, error) {
    container.dataset.error = String(error);
    container.classList.add("map-error");
  }

  window.WaspadaMap = { create: create, frame: frame, failed: failed, labels: labels };

  function init(container) {
    var specs = JSON.parse(container.dataset.layers);
    var map = create(container, specs);
    Promise.all(specs.map(function (spec) { return addLayer(map, container, spec); }))
      .then(function (layers) { frame(map, container, layers); })
      .catch(function (error) { failed(container, error); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    // Containers with their own script (data-api: the incident map; .state-map: web/state_map.js) only borrow the
    // pieces above.
    document.querySelectorAll("[data-layers]:not([data-api]):not(.state-map)").forEach(init);
  });
})();
