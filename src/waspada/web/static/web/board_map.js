// The situation board's index map: the user's kab/kota from the boundary layer in data-board-layer, filled with
// the colour of their index category (json #board-map-categories, colours in #board-map-colours); grey when
// not scored. Borrows the map set-up of web/map.js (window.WaspadaMap). Click opens the region's index page.
(function () {
  "use strict";

  function json(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : {};
  }

  function init(container) {
    var spec = JSON.parse(container.dataset.boardLayer);
    var categories = json("board-map-categories");
    var colours = json("board-map-colours");
    var tiles = !!container.dataset.tileUrl;
    var map = window.WaspadaMap.create(container, [spec]);
    function style(feature) {
      var colour = colours[categories[feature.properties.code]];
      return { color: "#35506b", weight: 0.6, fillColor: colour || "#d9dee3", fillOpacity: tiles ? 0.5 : 0.8 };
    }
    fetch(spec.url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + spec.url);
        return response.json();
      })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          pane: spec.pane,
          filter: function (feature) {
            var p = feature.properties;
            if (spec.levels.indexOf(p.level) < 0) return false;
            return !spec.prefix || p.code === spec.prefix;
          },
          style: style,
          onEachFeature: function (feature, shape) {
            shape.bindTooltip(feature.properties.name, { sticky: true, direction: "top" });
            shape.on("click", function () {
              window.location.href = container.dataset.regionUrl.replace("CODE", feature.properties.code);
            });
          },
        }).addTo(map);
        container.dataset.shapes = String(layer.getLayers().length);
        window.WaspadaMap.frame(map, container, [layer]);
      })
      .catch(function (error) { window.WaspadaMap.failed(container, error); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-board-layer]").forEach(init);
  });
})();
