// The map of dossiers (the "technocarte"). Reads its markers from the JSON
// data block #map-markers (the CSP forbids inline script) and draws them with
// the vendored Leaflet. Without a configured tile server, no tile is loaded:
// the markers sit on a plain background. The list next to the map carries the
// same dossiers for readers without JavaScript or a pointer.
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
    if (points.length > 1) {
      map.fitBounds(points, { padding: [30, 30], maxZoom: 10 });
    } else if (points.length === 1) {
      map.setView(points[0], 8);
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
