// The search page: the map of the hubs found (clustered, reloaded from /api/hubs.geojson
// with the current query after every htmx swap), "Search this area", and suggestions
// as you type. The page works without it: the form submits. Words it shows come from the
// page (data-* attributes, in the page's language).
(function () {
  "use strict";
  var state = { map: null, cluster: null, circle: null, box: null, data: null, query: null,
                expected: 0, moving: false };

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

  function popup(properties) {
    return "<strong>" + escapeHtml(properties.name) + "</strong><br>" +
      escapeHtml(state.data.types[properties.type] || properties.type) + "<br>" +
      '<a href="' + escapeHtml(properties.url) + '">' + escapeHtml(state.box.dataset.factSheet) +
      "</a>";
  }

  function pin() {
    return L.divIcon({ className: "hub-pin", iconSize: [14, 14], html: "" });
  }

  function loadPoints() {
    var query = mapQuery(currentQuery());
    if (query === state.query) return;
    state.query = query;
    state.box.dataset.points = "loading";
    fetch(state.data.points + (query ? "?" + query : ""), { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("points: HTTP " + response.status);
        return response.json();
      })
      .then(function (collection) {
        if (query !== state.query) return;
        var layer = L.geoJSON(collection, {
          pointToLayer: function (feature, latlng) {
            return L.marker(latlng, { icon: pin(), title: feature.properties.name, keyboard: true });
          },
          onEachFeature: function (feature, marker) { marker.bindPopup(popup(feature.properties)); }
        });
        state.cluster.clearLayers();
        state.expected = collection.features.length;
        state.box.dataset.points = "adding";
        state.cluster.addLayers(layer.getLayers());  // in chunks: see chunkProgress
        drawNear();
        // Without animation the view changes (and moveend fires) before moving is reset:
        // only the user's own moves offer "Search this area".
        state.moving = true;
        var bbox = new URLSearchParams(query).get("bbox");
        if (bbox) {
          var b = bbox.split(",").map(Number);
          state.map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { animate: false });
        } else if (state.circle) {
          state.map.fitBounds(state.circle.getBounds(), { animate: false });
        } else if (collection.features.length) {
          state.map.fitBounds(layer.getBounds(),
                              { padding: [20, 20], maxZoom: 9, animate: false });
        } else {
          state.map.setView([52, 12], 3, { animate: false });
        }
        state.moving = false;
        document.getElementById("search-area").hidden = true;
        if (!state.expected) state.box.dataset.points = "0";
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
    if (!box || !data || typeof L === "undefined") return;
    if (state.map) { state.map.remove(); }
    box.innerHTML = "";
    state.box = box;
    state.data = data;
    state.query = null;
    state.map = DihubMap.create(box, { outlines: data.outlines, tiles: data.tiles });
    state.map.setView([52, 12], 3);
    // Many points are added in chunks, the page staying responsive; data-points tells when
    // all are on the map.
    state.cluster = L.markerClusterGroup({
      showCoverageOnHover: false,
      chunkedLoading: true,
      chunkProgress: function (done, total) {
        if (done === total && total === state.expected) state.box.dataset.points = String(total);
      }
    });
    state.map.addLayer(state.cluster);
    var button = document.getElementById("search-area");
    button.addEventListener("click", searchArea);
    state.map.on("moveend", function () {
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
