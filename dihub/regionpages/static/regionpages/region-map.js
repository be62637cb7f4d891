// The regions' maps: a choropleth of hubs per region when boundaries are loaded, the
// region's hubs as points, and the nearest hubs outside it. Data from #region-map-data;
// the words, in the page's language, and the region pages' address from the box's data-*.
(function () {
  "use strict";
  var SHADES = ["#edf3fb", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];

  function shade(n, max) {
    if (!n) return SHADES[0];
    return SHADES[Math.min(SHADES.length - 1, 1 + Math.floor((SHADES.length - 2) * n / max))];
  }

  function getJSON(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
  }

  function number(n) {
    return Number(n).toLocaleString(document.documentElement.lang || undefined);
  }

  function regionUrl(box, code) {
    var pattern = box.dataset.regionUrl || "/regions/REGIONCODE/";
    return pattern.replace("REGIONCODE", encodeURIComponent(code));
  }

  function drawBoundaries(map, url, box) {
    return getJSON(url).then(function (data) {
      var max = 1;
      data.features.forEach(function (f) { max = Math.max(max, f.properties.hubs); });
      var layer = L.geoJSON(data, {
        style: function (f) {
          return { className: "region-shape", weight: 1, color: "#5b6b7c",
                   fillColor: shade(f.properties.hubs, max), fillOpacity: 0.75 };
        },
        onEachFeature: function (f, shape) {
          var p = f.properties;
          shape.bindTooltip(p.name + " (" + p.code + ") · " + box.dataset.labelHubs +
                            ": " + number(p.hubs));
          shape.on("click", function () { window.location.href = regionUrl(box, p.code); });
        }
      }).addTo(map);
      if (data.features.length) {
        map.fitBounds(layer.getBounds());
        // the GISCO licence asks for this notice wherever the boundaries are shown
        map.attributionControl.addAttribution(box.dataset.attribution || "© EuroGeographics");
      }
      box.dataset.shapes = String(data.features.length);
      return layer;
    });
  }

  function drawPoints(map, url, className) {
    return getJSON(url).then(function (data) {
      var layer = L.geoJSON(data, {
        pointToLayer: function (f, where) {
          return L.circleMarker(where, { radius: 6, weight: 2, className: className, fillOpacity: 0.9 });
        },
        onEachFeature: function (f, marker) {
          marker.bindTooltip(f.properties.name);
          marker.on("click", function () { window.location.href = f.properties.url; });
        }
      }).addTo(map);
      return layer;
    });
  }

  DihubMap.whenReady(function () {
    var box = document.getElementById("region-map");
    var data = DihubMap.readData("region-map-data");
    if (!box || !data || typeof L === "undefined") return;
    var map = DihubMap.create(box, { outlines: data.outlines, tiles: data.tiles });
    map.setView(data.centre ? [data.centre.lat, data.centre.lon] : [50, 10], data.centre ? 6 : 3);
    var layers = [];
    var shapes = data.boundaries ? drawBoundaries(map, data.boundaries, box) : Promise.resolve(null);
    shapes.catch(function (e) { console.warn("dihub regions: " + e.message); }).then(function () {
      if (!data.points) return null;
      return drawPoints(map, data.points, "hub-marker").then(function (layer) {
        layers.push(layer);
        var near = (data.nearest || []).map(function (h) {
          return L.circleMarker([h.lat, h.lon], { radius: 5, weight: 2, className: "hub-marker near-marker", fillOpacity: 0.5 })
            .bindTooltip(h.name + ": " + number(Math.round(h.distance_km)) + " km").addTo(map);
        });
        if (!data.boundaries && layer.getLayers().length) {
          map.fitBounds(layer.getBounds().pad(0.2), { maxZoom: 9 });
        }
        box.dataset.points = String(layer.getLayers().length);
        box.dataset.nearest = String(near.length);
        return layer;
      });
    }).catch(function (e) { console.warn("dihub regions: " + e.message); })
      .then(function () { box.dataset.ready = "yes"; });
    box.addEventListener("dihub:outlines", function () {
      layers.forEach(function (l) { l.bringToFront(); });
    });
  });
})();
