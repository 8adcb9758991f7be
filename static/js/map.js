// The technocarte. Reads its places from the JSON data block #map-markers
// (the CSP forbids inline script) and draws them with the vendored Leaflet:
// at each place a labelled marker with a summary popup, and one marker per
// deployment in a ring around it, whose shape and letters say the technology
// and whose fill and border say the status (the legend and the list say the
// same in words). Places closer on screen than CLUSTER_DISTANCE are drawn as
// one group until the reader zooms in.
//
// The filter form is a plain GET form: without JavaScript it reloads the
// page. Here it fetches the same address, swaps in the list and the data
// block, redraws, and pushes the address, so a filtered map can be shared.
//
// Without a configured tile server, no tile is loaded: the background is
// Natural Earth's country borders and a short list of French cities, both
// served by this site.
(function () {
  "use strict";

  var RING_RADIUS = 30; // px from a place to its deployments
  var CLUSTER_DISTANCE = 2 * RING_RADIUS + 40; // px
  var ICON = 32; // px, a deployment marker's box

  // Leaflet sets string content as HTML: user text always goes in as text.
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function link(url, text) {
    var anchor = element("a", "", text);
    anchor.href = url;
    return anchor;
  }

  function markerNode(deployment) {
    var node = element(
      "span",
      "deployment-marker tech-" + deployment.technology + " status-" + deployment.status
    );
    node.appendChild(element("span", "", deployment.abbreviation));
    return node;
  }

  function deploymentTitle(deployment) {
    var title = deployment.technology_label;
    if (deployment.name) {
      title += " — " + deployment.name;
    }
    return title;
  }

  function deploymentLine(deployment, labels) {
    var parts = [deployment.status_label];
    if (deployment.vendor) {
      parts.push(labels.vendor + " " + deployment.vendor);
    }
    if (deployment.period) {
      parts.push(deployment.period);
    }
    return parts.join(" · ");
  }

  function deploymentPopup(place, deployment, labels) {
    var box = element("div", "map-popup");
    var heading = element("p", "map-popup-title");
    heading.appendChild(link(deployment.url, deploymentTitle(deployment)));
    box.appendChild(heading);
    box.appendChild(element("p", "", deploymentLine(deployment, labels)));
    var dossier = element("p", "");
    dossier.appendChild(link(place.url, place.title));
    box.appendChild(dossier);
    return box;
  }

  function placePopup(place, labels) {
    var box = element("div", "map-popup");
    var heading = element("p", "map-popup-title");
    heading.appendChild(link(place.url, place.title));
    box.appendChild(heading);
    if (place.place) {
      box.appendChild(element("p", "muted", place.place));
    }
    if (!place.deployments.length) {
      box.appendChild(element("p", "", labels.none));
      return box;
    }
    var list = element("ul", "map-deployments");
    place.deployments.forEach(function (deployment) {
      var item = element("li", "map-deployment");
      var icon = markerNode(deployment);
      icon.setAttribute("aria-hidden", "true");
      item.appendChild(icon);
      var text = element("span", "");
      text.appendChild(link(deployment.url, deploymentTitle(deployment)));
      text.appendChild(document.createElement("br"));
      text.appendChild(
        element("span", "map-deployment-meta", deploymentLine(deployment, labels))
      );
      item.appendChild(text);
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function clusterPopup(places, labels) {
    var box = element("div", "map-popup");
    var list = element("ul", "map-cluster-places");
    places.forEach(function (place) {
      var item = element("li", "");
      item.appendChild(link(place.url, place.title));
      item.appendChild(document.createTextNode(" (" + place.deployments.length + ")"));
      list.appendChild(item);
    });
    box.appendChild(list);
    box.appendChild(element("p", "muted", labels.places));
    return box;
  }

  // One place: a labelled dot with the summary, its deployments around it.
  function drawPlace(layer, place, labels) {
    var point = [place.lat, place.lng];
    var count = place.deployments.length;
    var dot = element("span", "place-marker");
    dot.appendChild(element("span", "", String(count)));
    var ring = count ? RING_RADIUS + Math.max(0, count - 6) * 4 : 0;
    var offsets = place.deployments.map(function (deployment, index) {
      var angle = -Math.PI / 2 + (2 * Math.PI * index) / count;
      return [Math.round(ring * Math.cos(angle)), Math.round(ring * Math.sin(angle))];
    });
    // The label goes under the lowest marker of the ring.
    var below = offsets.reduce(function (lowest, offset) {
      return Math.max(lowest, offset[1] + ICON / 2);
    }, 11);
    L.marker(point, {
      icon: L.divIcon({
        className: "technocarte-icon",
        html: dot,
        iconSize: [22, 22],
        iconAnchor: [11, 11]
      }),
      title: place.title,
      zIndexOffset: -100
    })
      .bindTooltip(element("span", "", place.title), {
        permanent: true,
        direction: "bottom",
        offset: [0, below - 4],
        className: "place-label"
      })
      .bindPopup(placePopup(place, labels), { offset: [0, -ring] })
      .addTo(layer);
    place.deployments.forEach(function (deployment, index) {
      var dx = offsets[index][0];
      var dy = offsets[index][1];
      var half = ICON / 2;
      L.marker(point, {
        icon: L.divIcon({
          className: "technocarte-icon",
          html: markerNode(deployment),
          iconSize: [ICON, ICON],
          iconAnchor: [half - dx, half - dy],
          popupAnchor: [dx, dy - half]
        }),
        title: deploymentTitle(deployment) + " — " + deployment.status_label,
        riseOnHover: true
      })
        .bindPopup(deploymentPopup(place, deployment, labels))
        .addTo(layer);
    });
  }

  // Several places too close to tell apart: one group; a click zooms in.
  function drawCluster(layer, map, places, labels) {
    var total = 0;
    var bounds = L.latLngBounds([]);
    places.forEach(function (place) {
      total += place.deployments.length;
      bounds.extend([place.lat, place.lng]);
    });
    var node = element("span", "place-cluster");
    node.appendChild(element("span", "", String(total)));
    var names = places.map(function (place) {
      return place.title;
    });
    var marker = L.marker(bounds.getCenter(), {
      icon: L.divIcon({
        className: "technocarte-icon",
        html: node,
        iconSize: [40, 40],
        iconAnchor: [20, 20]
      }),
      title: names.join(", ")
    })
      .bindTooltip(element("span", "", names.join(", ")), {
        permanent: true,
        direction: "bottom",
        offset: [0, 20],
        className: "place-label"
      })
      .addTo(layer);
    var zoom = map.getBoundsZoom(bounds, false, L.point(60, 60));
    if (zoom > map.getZoom() && bounds.getNorthEast().distanceTo(bounds.getSouthWest()) > 1) {
      marker.on("click", function () {
        map.fitBounds(bounds, { padding: [60, 60] });
      });
    } else {
      // Same spot (or no closer zoom): the popup lists the places instead.
      marker.bindPopup(clusterPopup(places, labels));
    }
  }

  // Greedy grouping in screen pixels at the current zoom.
  function groups(map, places) {
    var found = [];
    places.forEach(function (place) {
      var point = map.latLngToLayerPoint([place.lat, place.lng]);
      var group = null;
      for (var i = 0; i < found.length; i += 1) {
        if (found[i].point.distanceTo(point) < CLUSTER_DISTANCE) {
          group = found[i];
          break;
        }
      }
      if (group) {
        group.places.push(place);
      } else {
        found.push({ point: point, places: [place] });
      }
    });
    return found;
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

  // City names on the borders: the larger ones first, more as one zooms in.
  function drawCities(map, url, state) {
    if (!url) {
      return;
    }
    fetch(url, { credentials: "omit" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("cities: " + response.status);
        }
        return response.json();
      })
      .then(function (cities) {
        state.cities = cities;
        state.redrawCities();
      })
      .catch(function () {
        // The map reads without them.
      });
  }

  function cityLayer(map, state) {
    var layer = L.layerGroup().addTo(map);
    state.redrawCities = function () {
      layer.clearLayers();
      var zoom = map.getZoom();
      (state.cities || []).forEach(function (city) {
        if (zoom < city.zoom) {
          return;
        }
        // A place on the map carries its own label.
        var taken = state.places.some(function (place) {
          return Math.abs(place.lat - city.lat) < 0.2 && Math.abs(place.lng - city.lng) < 0.2;
        });
        if (taken) {
          return;
        }
        var node = element("span", "city-label");
        node.appendChild(element("span", "city-dot"));
        node.appendChild(element("span", "city-name", city.name));
        L.marker([city.lat, city.lng], {
          icon: L.divIcon({ className: "technocarte-city", html: node, iconSize: null }),
          interactive: false,
          keyboard: false,
          zIndexOffset: -1000
        }).addTo(layer);
      });
      map.getContainer().dataset.cities = String(layer.getLayers().length);
    };
  }

  function readPlaces() {
    var data = document.getElementById("map-markers");
    return data ? JSON.parse(data.textContent) : [];
  }

  function fit(map, places, closest) {
    var points = places.map(function (place) {
      return [place.lat, place.lng];
    });
    if (points.length > 1) {
      // Room for the rings and labels around the outermost places.
      map.fitBounds(points, { padding: [80, 80], maxZoom: closest, animate: false });
    } else if (points.length === 1) {
      map.setView(points[0], closest - 1, { animate: false });
    } else {
      // Metropolitan France, where the first groups work.
      map.setView([46.6, 2.4], 5, { animate: false });
    }
  }

  // The filters, applied in place: same address as the plain form.
  function filterUrl(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (String(value).trim()) {
        params.append(name, String(value).trim());
      }
    });
    var query = params.toString();
    return form.action.split("?")[0] + (query ? "?" + query : "");
  }

  function setFormFromUrl(form, url) {
    var params = new URL(url, window.location.href).searchParams;
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name) {
        field.value = params.get(field.name) || "";
      }
    });
  }

  function init() {
    var container = document.getElementById("dossier-map");
    if (!container || typeof L === "undefined") {
      return;
    }
    var labels = {
      none: container.dataset.noDeploymentLabel,
      vendor: container.dataset.vendorLabel,
      places: container.dataset.placesLabel
    };
    var state = { places: readPlaces(), cities: null, redrawCities: function () {} };
    var tileUrl = container.dataset.tileUrl;
    // Half zoom steps let the places fill the frame.
    var map = L.map(container, {
      scrollWheelZoom: false,
      zoomSnap: 0.5,
      maxZoom: tileUrl ? 18 : 9
    });
    if (tileUrl) {
      L.tileLayer(tileUrl, {
        maxZoom: 18,
        attribution: container.dataset.tileAttribution || ""
      }).addTo(map);
    } else {
      container.classList.add("no-tiles");
      drawBorders(map, container.dataset.bordersUrl, container.dataset.bordersAttribution);
      cityLayer(map, state);
    }
    var layer = L.layerGroup().addTo(map);
    // Country borders alone say little closer than a region.
    var closest = tileUrl ? 10 : 7;

    var draws = 0;
    function draw() {
      draws += 1;
      layer.clearLayers();
      groups(map, state.places).forEach(function (group) {
        if (group.places.length === 1) {
          drawPlace(layer, group.places[0], labels);
        } else {
          drawCluster(layer, map, group.places, labels);
        }
      });
      state.redrawCities();
    }

    // Fitting without animation: a zoom change draws at once (zoomend);
    // otherwise draw here. Drawing twice would leave the first labels
    // fading out over the new ones.
    function show() {
      var before = draws;
      fit(map, state.places, closest);
      if (draws === before) {
        draw();
      }
    }

    map.on("zoomend", draw);
    show();
    if (!tileUrl) {
      drawCities(map, container.dataset.citiesUrl, state);
    }
    container.dataset.ready = "true";

    var form = document.getElementById("map-filter");
    if (!form || !window.fetch || !window.history.pushState) {
      return;
    }

    function load(url, push) {
      container.dataset.ready = "loading";
      return fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("map: " + response.status);
          }
          return response.text();
        })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          ["map-results", "map-filter-actions", "map-exports"].forEach(function (id) {
            var fresh = page.getElementById(id);
            var current = document.getElementById(id);
            if (fresh && current) {
              current.replaceWith(document.adoptNode(fresh));
            }
          });
          if (push) {
            window.history.pushState({ technocarte: true }, "", url);
          }
          state.places = readPlaces();
          map.closePopup();
          show();
          container.dataset.ready = "true";
        })
        .catch(function () {
          // Let the browser load the page the plain way.
          window.location.assign(url);
        });
    }

    // Enter in a year field both changes and submits: one load is enough.
    var shown = window.location.href;
    function apply() {
      var url = filterUrl(form);
      if (url !== shown) {
        shown = url;
        load(url, true);
      }
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      apply();
    });
    form.addEventListener("change", apply);
    window.addEventListener("popstate", function () {
      shown = window.location.href;
      setFormFromUrl(form, shown);
      load(shown, false);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
