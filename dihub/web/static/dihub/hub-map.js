// The fact-sheet's small map: country outlines drawn from Natural Earth (vendored
// world-atlas TopoJSON), a tile layer only when the site sets one, and the hub's marker.
(function () {
  "use strict";

  function start() {
    var box = document.getElementById("hub-map");
    var dataNode = document.getElementById("map-data");
    if (!box || !dataNode || typeof L === "undefined") return;
    var data = JSON.parse(dataNode.textContent);
    var where = [data.lat, data.lon];
    var map = L.map(box, { scrollWheelZoom: false, attributionControl: true })
      .setView(where, 6);
    box.classList.add("map-ready");
    var marker = L.circleMarker(where, {
      radius: 8,
      weight: 2,
      className: "hub-marker",
      fillOpacity: 0.9
    }).addTo(map);
    marker.bindTooltip(data.name);

    if (data.tiles) {
      L.tileLayer(data.tiles, { maxZoom: 18 }).addTo(map);
    } else {
      map.attributionControl.addAttribution("Natural Earth");
      fetch(data.outlines)
        .then(function (response) {
          if (!response.ok) throw new Error("outlines: HTTP " + response.status);
          return response.json();
        })
        .then(function (world) {
          var countries = topojson.feature(world, world.objects.countries);
          L.geoJSON(countries, {
            interactive: false,
            style: { className: "country-outline", weight: 1 }
          }).addTo(map);
          box.dataset.outlines = "loaded";
          marker.bringToFront();
        })
        .catch(function (error) {
          box.dataset.outlines = "failed";
          console.warn("dihub map: " + error.message);
        });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
