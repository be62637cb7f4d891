// The search page: the map of the hubs found (reloaded from /api/hubs.points with the
// current query after every htmx swap, clustered in the browser by supercluster),
// "Search this area", and suggestions as you type. The page works without it: the form
// submits. Words it shows come from the page (data-* attributes, in the page's language).
(function () {
  "use strict";
  var state = { map: null, layer: null, index: null, points: null, markers: new Map(),
                circle: null, box: null, data: null, query: null, moving: false };
  // supercluster: clusters of 60 px, made up to zoom 16; above it every hub is a pin
  var CLUSTER = { radius: 60, maxZoom: 16, minPoints: 2 };

  if (window.htmx) {
    // Back and forward reload the page from its URL: a snapshot cannot hold the live map.
    htmx.config.historyCacheSize = 0;
    htmx.config.refreshOnHistoryMiss = true;
    // A bad parameter answers 400 with a message to show: swap it like a success.
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "400", swap: true, error: false },
      { code: "[45]..", swap: false, error: true }
    ];
  }

  function currentQuery() {
    var results = document.getElementById("results");
    return results ? results.dataset.query || "" : "";
  }

  function mapQuery(query) {
    var params = new URLSearchParams(query);
    ["page", "page_size", "sort"].forEach(function (key) { params.delete(key); });
    return params.toString();
  }

  function escapeHtml(text) {
    var node = document.createElement("span");
    node.textContent = text == null ? "" : String(text);
    return node.innerHTML;
  }

  // -- the points: columns of /api/hubs.points (docs/api.md), hub i is index i of each --

  function hubUrl(i) { return state.points.url + state.points.slug[i] + "/"; }

  function typeLabel(i) {
    var key = state.points.types[state.points.type[i]];
    return state.data.types[key] || key;
  }

  function popup(i) {
    return "<strong>" + escapeHtml(state.points.name[i]) + "</strong><br>" +
      escapeHtml(typeLabel(i)) + "<br>" +
      '<a href="' + escapeHtml(hubUrl(i)) + '">' + escapeHtml(state.box.dataset.factSheet) +
      "</a>";
  }

  // Hubs at one place (a cluster that no zoom splits): each with its fact-sheet.
  function listPopup(clusterId) {
    var hubs = state.index.getLeaves(clusterId, Infinity).map(function (f) {
      return f.properties.i;
    });
    hubs.sort(function (a, b) {
      return state.points.name[a].localeCompare(state.points.name[b]);
    });
    return '<ul class="cluster-list">' + hubs.map(function (i) {
      return '<li><a href="' + escapeHtml(hubUrl(i)) + '">' +
        escapeHtml(state.points.name[i]) + "</a> " + escapeHtml(typeLabel(i)) + "</li>";
    }).join("") + "</ul>";
  }

  var pin = null;  // one icon for every pin (each marker makes its own element of it)

  function pinMarker(i, latlng) {
    pin = pin || L.divIcon({ className: "hub-pin", iconSize: [14, 14], html: "" });
    var marker = L.marker(latlng, { icon: pin, title: state.points.name[i], keyboard: true });
    marker.bindPopup(function () { return popup(i); });
    return marker;
  }

  function clusterMarker(properties, latlng) {
    var count = properties.point_count;
    var size = count < 10 ? ["small", 30] : count < 100 ? ["medium", 36] :
      count < 1000 ? ["large", 44] : ["huge", 54];
    var marker = L.marker(latlng, {
      keyboard: true,
      icon: L.divIcon({ className: "marker-cluster marker-cluster-" + size[0],
                        iconSize: [size[1], size[1]], html: "<span>" + count + "</span>" })
    });
    var id = properties.cluster_id;
    marker.on("click", function () {
      var zoom = state.index.getClusterExpansionZoom(id);
      if (zoom > CLUSTER.maxZoom) {  // no zoom of the map splits it: list its hubs
        if (!marker.getPopup()) marker.bindPopup(function () { return listPopup(id); });
        marker.openPopup();
      } else {
        state.map.setView(latlng, zoom);
      }
    });
    return marker;
  }

  // The clusters and pins of the visible part of the map (and a margin around it): the
  // markers of the last drawing that are still there stay (an open popup stays open).
  function draw() {
    if (!state.index) return;
    var b = state.map.getBounds().pad(0.25);
    var found = state.index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
                                        Math.round(state.map.getZoom()));
    var next = new Map();
    found.forEach(function (feature) {
      var p = feature.properties;
      var key = p.cluster ? "c" + p.cluster_id : "p" + p.i;
      var marker = state.markers.get(key);
      if (!marker) {
        var c = feature.geometry.coordinates;
        var latlng = L.latLng(c[1], c[0]);
        marker = p.cluster ? clusterMarker(p, latlng) : pinMarker(p.i, latlng);
        state.layer.addLayer(marker);
      }
      next.set(key, marker);
    });
    state.markers.forEach(function (marker, key) {
      if (!next.has(key)) state.layer.removeLayer(marker);
    });
    state.markers = next;
  }

  function show(points) {
    var scale = points.scale, n = points.count, features = new Array(n);
    var south = 90, north = -90, west = 180, east = -180;
    for (var i = 0; i < n; i++) {
      var lat = points.lat[i] / scale, lon = points.lon[i] / scale;
      features[i] = { type: "Feature", properties: { i: i },
                      geometry: { type: "Point", coordinates: [lon, lat] } };
      if (lat < south) south = lat;
      if (lat > north) north = lat;
      if (lon < west) west = lon;
      if (lon > east) east = lon;
    }
    state.layer.clearLayers();
    state.markers = new Map();
    state.points = points;
    state.index = new Supercluster(CLUSTER).load(features);
    return n ? L.latLngBounds([south, west], [north, east]) : null;
  }

  function loadPoints() {
    var query = mapQuery(currentQuery());
    if (query === state.query) return;
    state.query = query;
    state.box.dataset.points = "loading";
    fetch(state.data.points + (query ? "?" + query : ""), { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("points: HTTP " + response.status);
        return response.json();
      })
      .then(function (points) {
        if (query !== state.query) return;
        var bounds = show(points);
        drawNear();
        // Without animation the view changes (and moveend fires, drawing the clusters)
        // before moving is reset: only the user's own moves offer "Search this area".
        state.moving = true;
        var bbox = new URLSearchParams(query).get("bbox");
        if (bbox) {
          var b = bbox.split(",").map(Number);
          state.map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { animate: false });
        } else if (state.circle) {
          state.map.fitBounds(state.circle.getBounds(), { animate: false });
        } else if (bounds) {
          state.map.fitBounds(bounds, { padding: [20, 20], maxZoom: 9, animate: false });
        } else {
          state.map.setView([52, 12], 3, { animate: false });
        }
        state.moving = false;
        draw();  // also when the view did not change
        document.getElementById("search-area").hidden = true;
        state.box.dataset.points = String(points.count);
      })
      .catch(function (error) {
        state.box.dataset.points = "failed";
        console.warn("dihub map: " + error.message);
      });
  }

  // The circle of near + radius_km, when the search has one.
  function drawNear() {
    if (state.circle) { state.circle.remove(); state.circle = null; }
    var results = document.getElementById("results");
    var near = results && results.dataset.near;
    if (!near) return;
    var v = near.split(",").map(Number);
    state.circle = L.circle([v[0], v[1]], { radius: v[2] * 1000, className: "near-circle",
                                            interactive: false }).addTo(state.map);
  }

  function searchArea() {
    var b = state.map.getBounds();
    var round = function (x) { return Math.round(x * 1e4) / 1e4; };
    var value = [round(Math.max(b.getWest(), -180)), round(Math.max(b.getSouth(), -90)),
                 round(Math.min(b.getEast(), 180)), round(Math.min(b.getNorth(), 90))].join(",");
    var form = document.getElementById("search-form");
    var input = document.getElementById("bbox");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = "bbox";
      input.id = "bbox";
      document.getElementById("facets").appendChild(input);
    }
    input.value = value;
    var page = form.querySelector("input[name=page]");
    if (page) page.remove();
    if (window.htmx) htmx.trigger(form, "submit");
    else form.submit();
  }

  function startMap() {
    var box = document.getElementById("search-map");
    var data = DihubMap.readData("search-map-data");
    if (!box || !data || typeof L === "undefined" || typeof Supercluster === "undefined") return;
    if (state.map) { state.map.remove(); }
    box.innerHTML = "";
    state.box = box;
    state.data = data;
    state.query = null;
    state.index = null;
    state.markers = new Map();
    state.map = DihubMap.create(box, { outlines: data.outlines, tiles: data.tiles });
    state.map.setView([52, 12], 3);
    state.layer = L.layerGroup().addTo(state.map);
    var button = document.getElementById("search-area");
    button.addEventListener("click", searchArea);
    // Leaflet fires moveend after every pan and every zoom
    state.map.on("moveend", function () {
      draw();
      if (!state.moving) button.hidden = false;
    });
    loadPoints();
  }

  // Suggestions as you type: a listbox under the text box (WAI-ARIA combobox pattern).
  function startSuggestions() {
    var input = document.getElementById("q");
    var list = document.getElementById("q-suggestions");
    var data = DihubMap.readData("search-map-data");
    if (!input || !list || !data || !data.suggest) return;
    var timer = null, active = -1, items = [], asked = 0;

    function close() {
      clearTimeout(timer);
      asked += 1;  // an answer still on its way is not shown
      list.hidden = true;
      list.innerHTML = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
      items = [];
    }

    function choose(item) {
      close();
      if (item.url) { window.location.assign(item.url); return; }
      var form = document.getElementById("search-form");
      if (item.kind === "place") {
        document.getElementById("near").value = item.value;
        input.value = "";
      } else if (item.kind && item.kind !== "hub") {
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = item.kind;
        hidden.value = item.value;
        document.getElementById("facets").appendChild(hidden);
        input.value = "";
      } else {
        input.value = item.value || item.label;
      }
      if (window.htmx) htmx.trigger(form, "submit"); else form.submit();
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (o, i) { o.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) input.setAttribute("aria-activedescendant", options[index].id);
    }

    function show(found) {
      items = found;
      list.innerHTML = "";
      if (!found.length) { close(); return; }
      found.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = "q-suggestion-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        // the kind's name in the page's language: data-kind-<kind> of the list
        var kind = list.getAttribute("data-kind-" + item.kind) || item.kind;
        li.innerHTML = escapeHtml(item.label) + ' <span class="kind">' + escapeHtml(kind) + "</span>";
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(item); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2) { close(); return; }
      timer = setTimeout(function () {
        var ask = asked;
        fetch(data.suggest + "?q=" + encodeURIComponent(text))
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (found) {
            if (ask === asked && input.value.trim() === text &&
                document.activeElement === input) show(found.slice(0, 8));
          })
          .catch(function () { close(); });
      }, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !(active >= 0 && !list.hidden)) { close(); return; }  // submits
      if (list.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter") { event.preventDefault(); choose(items[active]); }
    });
    input.addEventListener("blur", close);
    // Typing already searches (after a pause); its change event on leaving the box would
    // only start a second, identical request.
    input.addEventListener("change", function (event) { event.stopPropagation(); });
  }

  document.addEventListener("htmx:afterSettle", function () {
    if (state.map) loadPoints();  // a no-op when the query did not change
  });

  window.DihubSearch = state;  // the live map, for scripts and tests

  DihubMap.whenReady(function () {
    startMap();
    startSuggestions();
  });
})();
