// The coverage page: the white-spot map (places beyond 100 km as circles sized by
// population, hubs as points, the suggested site as a ring) and sortable region tables.
// The words come from the map box's data-* (in the page's language), with {name} slots.
(function () {
  "use strict";
  var LANG = document.documentElement.lang || undefined;

  function fill(text, values) {
    return String(text || "").replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? values[key] : all;
    });
  }

  function number(n) {
    return Number(n).toLocaleString(LANG);
  }

  function drawMap() {
    var box = document.getElementById("coverage-map");
    var data = DihubMap.readData("coverage-map-data");
    if (!box || !data || typeof L === "undefined") return;
    var map = DihubMap.create(box, { outlines: data.outlines, tiles: data.tiles });
    var canvas = L.canvas({ padding: 0.2 });
    var layers = [];
    var bounds = [];
    data.far.forEach(function (p) {  // [lat, lon, population, name, km]
      var radius = Math.max(2, Math.min(30, Math.sqrt(p[2]) / 40));
      var circle = L.circleMarker([p[0], p[1]], {
        renderer: canvas, radius: radius, weight: 1, color: "#9c3408", fillColor: "#d9480f",
        fillOpacity: 0.45
      }).bindTooltip(fill(p[4] === null ? box.dataset.noHubText : box.dataset.farText,
                          { place: p[3], people: number(p[2]),
                            km: p[4] === null ? "" : number(p[4]) }));
      layers.push(circle);
      bounds.push([p[0], p[1]]);
    });
    data.hubs.forEach(function (h) {
      layers.push(L.circleMarker(h, {
        renderer: canvas, radius: 3, weight: 0, fillColor: "#1d3557", fillOpacity: 0.9,
        interactive: false
      }));
    });
    if (!bounds.length) bounds = data.hubs.slice();  // no white spot: show the hubs
    var group = L.layerGroup(layers).addTo(map);
    if (data.suggestion) {
      var s = data.suggestion;
      L.circleMarker([s.lat, s.lon], { radius: 12, weight: 3, color: "#2b8a3e",
        className: "suggested-site", fill: false })
        .bindTooltip(fill(box.dataset.suggestedText, { place: s.place })).addTo(group);
      bounds.push([s.lat, s.lon]);
    }
    if (bounds.length) {
      map.fitBounds(L.latLngBounds(bounds), { padding: [10, 10], maxZoom: 8 });
    } else {
      map.setView([50, 10], 4);
    }
  }

  function sortBy(table, th) {
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.dataset.sort === "number";
    var current = th.getAttribute("aria-sort");  // first click: numbers biggest first
    var ascending = current ? current !== "ascending" : !numeric;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index], y = b.cells[index];
      var order = numeric
        ? parseFloat(x.dataset.value) - parseFloat(y.dataset.value)
        : x.textContent.localeCompare(y.textContent, LANG);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(th.parentNode.children, function (other) {
      other.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function sortableTables() {
    document.querySelectorAll("table[data-sortable]").forEach(function (table) {
      table.querySelectorAll("th[data-sort] button").forEach(function (button) {
        button.addEventListener("click", function () { sortBy(table, button.parentNode); });
      });
    });
  }

  DihubMap.whenReady(function () {
    sortableTables();
    drawMap();
  });
})();
