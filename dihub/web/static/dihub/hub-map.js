// The fact-sheet's small map: the shared map module and the hub's marker.
(function () {
  "use strict";

  DihubMap.whenReady(function () {
    var box = document.getElementById("hub-map");
    var data = DihubMap.readData("map-data");
    if (!box || !data || typeof L === "undefined") return;
    var where = [data.lat, data.lon];
    var map = DihubMap.create(box, { outlines: data.outlines, tiles: data.tiles });
    map.setView(where, 6);
    var marker = L.circleMarker(where, {
      radius: 8,
      weight: 2,
      className: "hub-marker",
      fillOpacity: 0.9
    }).addTo(map);
    marker.bindTooltip(data.name);
    box.addEventListener("dihub:outlines", function () { marker.bringToFront(); });
  });
})();
