// The map: happenings with coordinates over the Natural Earth country layer,
// sized by mentions and coloured by type. Wheel to zoom, drag to pan.

import {clear, el, fmt, svg} from "./dom.js";
import {typeColor} from "./colors.js";

const TOP = 84; // latitude at the top edge (equirectangular, Antarctica left out)
const BOTTOM = -58;
const WORLD = {x: 0, y: 0, w: 360, h: TOP - BOTTOM};

function project(lon, lat) {
  return [lon + 180, TOP - lat];
}

function ringPath(ring) {
  let d = "";
  for (let i = 0; i < ring.length; i += 1) {
    const [x, y] = project(ring[i][0], ring[i][1]);
    d += `${i ? "L" : "M"}${x.toFixed(2)},${y.toFixed(2)}`;
  }
  return `${d}Z`;
}

export class WorldMap {
  constructor(root, {onSelect, onType}) {
    this.root = root;
    this.chart = root.querySelector(".chart");
    this.legend = root.querySelector(".legend");
    this.status = root.querySelector(".status");
    this.onSelect = onSelect;
    this.onType = onType;
    this.countries = null;
    this.view = {...WORLD};
    this.focus = new Set();
    this.features = [];
    root.querySelector("button.reset-zoom").addEventListener("click", () => {
      this.view = {...WORLD};
      this.applyView();
    });
    this.build();
  }

  build() {
    this.svg = svg("svg", {viewBox: `${WORLD.x} ${WORLD.y} ${WORLD.w} ${WORLD.h}`, preserveAspectRatio: "xMidYMid meet", role: "img", "aria-label": "Map of happenings"});
    this.svg.append(svg("rect", {className: "sea", x: -360, y: -200, width: 1080, height: 600}));
    this.land = svg("g", {className: "land"});
    this.dots = svg("g", {className: "dots"});
    this.svg.append(this.land, this.dots);
    this.chart.append(this.svg);
    this.attachZoom();
  }

  /** The country layer (GeoJSON FeatureCollection of MultiPolygons). */
  setCountries(geojson) {
    clear(this.land);
    for (const feature of geojson.features || []) {
      const g = feature.geometry;
      if (!g) continue;
      const polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
      let d = "";
      for (const polygon of polygons) for (const ring of polygon) d += ringPath(ring);
      const path = svg("path", {d, className: "country", dataset: {iso: feature.id || ""}});
      path.append(svg("title", {text: (feature.properties && feature.properties.name) || ""}));
      this.land.append(path);
    }
    this.countries = geojson;
    this.highlight(this.focus);
  }

  /** Shade the countries named by the actor, recipient and party filters. */
  highlight(codes) {
    this.focus = codes;
    for (const path of this.land.children) path.classList.toggle("focus", codes.has(path.dataset.iso));
  }

  /** Draw the happenings of /api/geo. */
  render(collection) {
    this.features = (collection.features || []).slice().sort((a, b) => b.properties.mentions - a.properties.mentions);
    const shown = this.features.length;
    this.status.textContent = collection.total
      ? `${fmt(shown)} of ${fmt(collection.total)} happenings with a place${collection.truncated ? " (the most reported)" : ""}`
      : "No happening with coordinates matches the filters.";
    this.drawDots();
    const types = new Map();
    for (const f of this.features) types.set(f.properties.type, (types.get(f.properties.type) || 0) + 1);
    clear(this.legend);
    for (const [type, n] of [...types].sort((a, b) => b[1] - a[1])) {
      const swatch = el("span", {className: "swatch"});
      swatch.style.backgroundColor = typeColor(type);
      const item = el("button", {type: "button", className: "legend-item", title: `Show ${type} only`, dataset: {type}}, swatch, `${type} (${fmt(n)})`);
      item.addEventListener("click", () => this.onType(type));
      this.legend.append(item);
    }
  }

  drawDots() {
    clear(this.dots);
    const scale = this.view.w / WORLD.w;
    for (const f of this.features) {
      const [lon, lat] = f.geometry.coordinates;
      if (typeof lon !== "number" || typeof lat !== "number") continue;
      const [x, y] = project(lon, lat);
      const p = f.properties;
      const r = (1.3 + 0.9 * Math.sqrt(Math.max(1, p.mentions))) * scale;
      const dot = svg("circle", {cx: x, cy: y, r: Math.min(r, 10 * scale), fill: typeColor(p.type), className: "dot", tabindex: "0", dataset: {id: `h${p.id}`}});
      const where = p.place || p.location || "";
      dot.append(svg("title", {text: `${p.type} on ${p.date}: ${p.actor || "?"} \u2192 ${p.recipient || "?"}${where ? ` at ${where}` : ""}; ${fmt(p.mentions)} mention${p.mentions === 1 ? "" : "s"}`}));
      dot.addEventListener("click", (event) => {
        event.stopPropagation();
        this.onSelect(`h${p.id}`);
      });
      dot.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") this.onSelect(`h${p.id}`);
      });
      this.dots.append(dot);
    }
  }

  applyView() {
    const v = this.view;
    this.svg.setAttribute("viewBox", `${v.x} ${v.y} ${v.w} ${v.h}`);
    this.drawDots();
  }

  attachZoom() {
    const toWorld = (event) => {
      const box = this.svg.getBoundingClientRect();
      const k = Math.min(box.width / this.view.w, box.height / this.view.h);
      const ox = (box.width - this.view.w * k) / 2;
      const oy = (box.height - this.view.h * k) / 2;
      return [this.view.x + (event.clientX - box.left - ox) / k, this.view.y + (event.clientY - box.top - oy) / k, k];
    };
    this.svg.addEventListener("wheel", (event) => {
      event.preventDefault();
      const [wx, wy] = toWorld(event);
      const factor = event.deltaY < 0 ? 0.8 : 1.25;
      const w = Math.min(WORLD.w, Math.max(10, this.view.w * factor));
      const h = (w / WORLD.w) * WORLD.h;
      this.view = {x: wx - ((wx - this.view.x) * w) / this.view.w, y: wy - ((wy - this.view.y) * h) / this.view.h, w, h};
      this.applyView();
    }, {passive: false});
    let drag = null;
    this.svg.addEventListener("pointerdown", (event) => {
      if (event.target.classList && event.target.classList.contains("dot")) return;
      const [, , k] = toWorld(event);
      drag = {x: event.clientX, y: event.clientY, view: {...this.view}, k};
    });
    this.svg.addEventListener("pointermove", (event) => {
      if (!drag) return;
      this.view = {...drag.view, x: drag.view.x - (event.clientX - drag.x) / drag.k, y: drag.view.y - (event.clientY - drag.y) / drag.k};
      this.svg.setAttribute("viewBox", `${this.view.x} ${this.view.y} ${this.view.w} ${this.view.h}`);
    });
    const end = () => {
      drag = null;
    };
    this.svg.addEventListener("pointerup", end);
    this.svg.addEventListener("pointerleave", end);
  }
}
