// One map module for every map of the site: Natural Earth country outlines (vendored
// world-atlas TopoJSON) as the base layer, or a tile layer only when the site sets one.
// window.DihubMap.create(box, {outlines, tiles}) returns the Leaflet map; when the
// outlines are drawn, box.dataset.outlines is "loaded" (or "failed").
(function () {
  "use strict";
  var worldCache = {};

  function loadWorld(url) {
    if (!worldCache[url]) {
      worldCache[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error("outlines: HTTP " + response.status);
        return response.json();
      });
    }
    return worldCache[url];
  }

  function create(box, options) {
    var map = L.map(box, {
      scrollWheelZoom: options.scrollWheelZoom || false,
      minZoom: 2,
      maxZoom: 18,  // marker clustering needs it, and outlines alone do not set one
      attributionControl: true,
      worldCopyJump: false
    });
    box.classList.add("map-ready");
    if (options.tiles) {
      L.tileLayer(options.tiles).addTo(map);
      return map;
    }
    map.attributionControl.addAttribution("Natural Earth");
    loadWorld(options.outlines)
      .then(function (world) {
        var countries = topojson.feature(world, world.objects.countries);
        L.geoJSON(countries, {
          interactive: false,
          style: { className: "country-outline", weight: 1 }
        }).addTo(map).bringToBack();
        box.dataset.outlines = "loaded";
        box.dispatchEvent(new CustomEvent("dihub:outlines"));
      })
      .catch(function (error) {
        box.dataset.outlines = "failed";
        console.warn("dihub map: " + error.message);
      });
    return map;
  }

  function readData(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function whenReady(start) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
    }
  }

  window.DihubMap = { create: create, readData: readData, whenReady: whenReady };
})();
