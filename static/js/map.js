// The map of dossiers (the "technocarte"). Reads its markers from the JSON
// data block #map-markers (the CSP forbids inline script) and draws them with
// the vendored Leaflet. Without a configured tile server, no tile is loaded:
// the background is Natural Earth's country borders, served by this site. The
// list next to the map carries the same dossiers for readers without
// JavaScript or a pointer.
(function () {
  "use strict";

  // Leaflet sets string content as HTML: user text always goes in as text.
  function textElement(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  function popupContent(marker, labels) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = marker.url;
    link.textContent = marker.title;
    box.appendChild(link);
    var line = document.createElement("p");
    line.textContent = marker.technologies.length
      ? labels.technologies + " " + marker.technologies.join(", ")
      : labels.none;
    box.appendChild(line);
    return box;
  }

  // Country borders from our own static files: a TopoJSON decoded by the
  // vendored topojson-client, drawn under the markers.
  function drawBorders(map, url, attribution) {
    if (!url || typeof topojson === "undefined") {
      return;
    }
    fetch(url, { credentials: "omit" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("borders: " + response.status);
        }
        return response.json();
      })
      .then(function (world) {
        var layer = L.geoJSON(topojson.feature(world, world.objects.countries), {
          style: {
            color: "#9aa7b0",
            weight: 1,
            fillColor: "#fbfaf6",
            fillOpacity: 1
          },
          interactive: false,
          attribution: attribution
        }).addTo(map);
        layer.bringToBack();
        map.getContainer().dataset.borders = "drawn";
      })
      .catch(function () {
        // The plain background stays; the markers and the list still work.
      });
  }

  function init() {
    var element = document.getElementById("dossier-map");
    var data = document.getElementById("map-markers");
    if (!element || !data || typeof L === "undefined") {
      return;
    }
    var markers = JSON.parse(data.textContent);
    var labels = {
      technologies: element.dataset.technologiesLabel,
      none: element.dataset.noTechnologyLabel
    };
    var map = L.map(element, { scrollWheelZoom: false });
    var tileUrl = element.dataset.tileUrl;
    if (tileUrl) {
      L.tileLayer(tileUrl, {
        maxZoom: 18,
        attribution: element.dataset.tileAttribution || ""
      }).addTo(map);
    } else {
      element.classList.add("no-tiles");
      drawBorders(map, element.dataset.bordersUrl, element.dataset.bordersAttribution);
    }
    var points = [];
    markers.forEach(function (marker) {
      var point = [marker.lat, marker.lng];
      points.push(point);
      L.circleMarker(point, {
        radius: 9,
        color: "#8a1c1c",
        weight: 2,
        fillColor: "#8a1c1c",
        fillOpacity: 0.6,
        className: "dossier-marker"
      })
        .bindTooltip(textElement(marker.title))
        .bindPopup(popupContent(marker, labels))
        .addTo(map);
    });
    // Country borders alone say little closer than a region.
    var closest = tileUrl ? 10 : 7;
    if (points.length > 1) {
      map.fitBounds(points, { padding: [30, 30], maxZoom: closest });
    } else if (points.length === 1) {
      map.setView(points[0], closest - 1);
    } else {
      // Metropolitan France, where the first groups work.
      map.setView([46.6, 2.4], 5);
    }
    element.dataset.ready = "true";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
