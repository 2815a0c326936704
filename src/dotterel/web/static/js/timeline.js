// The timeline: event counts per bucket, stacked by quad class or type, with a
// brush that sets the date range of every view.

import {clear, el, fmt, svg} from "./dom.js";
import {seriesColor} from "./colors.js";

const DAY = 86400000;

export function parseDay(text) {
  const [y, m, d] = String(text).split("-").map(Number);
  return Date.UTC(y, m - 1, d);
}

export function isoDay(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

export function bucketStart(ms, bucket) {
  const d = new Date(ms);
  if (bucket === "week") return ms - ((d.getUTCDay() + 6) % 7) * DAY;
  if (bucket === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  if (bucket === "year") return Date.UTC(d.getUTCFullYear(), 0, 1);
  return ms;
}

export function nextBucket(ms, bucket) {
  const d = new Date(ms);
  if (bucket === "week") return ms + 7 * DAY;
  if (bucket === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  if (bucket === "year") return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
  return ms + DAY;
}

export class Timeline {
  constructor(root, state) {
    this.root = root;
    this.state = state;
    this.chart = root.querySelector(".chart");
    this.legend = root.querySelector(".legend");
    this.clearButton = root.querySelector("button.clear-range");
    this.clearButton.addEventListener("click", () => this.state.setFilters({since: "", until: ""}));
    this.data = null;
  }

  /** Draw ``data`` (/api/stats/timeline) over the store's extent [first, last]. */
  render(data, first, last) {
    this.data = data;
    this.first = first;
    this.last = last;
    this.draw();
  }

  draw() {
    const data = this.data;
    clear(this.chart);
    clear(this.legend);
    if (!data) return;
    const width = Math.max(320, this.chart.clientWidth || 800);
    const height = 170;
    const pad = {left: 44, right: 8, top: 10, bottom: 22};
    const bucket = data.bucket;
    const firstDay = this.first || data.dates[0];
    const lastDay = this.last || data.dates[data.dates.length - 1];
    const root = svg("svg", {width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Events over time"});
    this.chart.append(root);
    if (!firstDay || !data.dates.length) {
      root.append(svg("text", {x: width / 2, y: height / 2, "text-anchor": "middle", className: "empty", text: "No events match the filters."}));
    }
    const x0 = bucketStart(parseDay(firstDay || "2000-01-01"), bucket);
    const x1 = nextBucket(bucketStart(parseDay(lastDay || "2000-01-01"), bucket), bucket);
    const plotW = width - pad.left - pad.right;
    const plotH = height - pad.top - pad.bottom;
    const sx = (ms) => pad.left + ((ms - x0) / Math.max(1, x1 - x0)) * plotW;
    const maxTotal = Math.max(1, ...data.totals);
    const sy = (v) => pad.top + plotH - (v / maxTotal) * plotH;
    this.scale = {x0, x1, pad, plotW, sx, bucket};

    // axes
    root.append(svg("line", {x1: pad.left, x2: pad.left + plotW, y1: pad.top + plotH, y2: pad.top + plotH, className: "axis"}));
    root.append(svg("text", {x: pad.left - 4, y: pad.top + 8, "text-anchor": "end", className: "tick", text: fmt(maxTotal)}));
    root.append(svg("text", {x: pad.left - 4, y: pad.top + plotH, "text-anchor": "end", className: "tick", text: "0"}));
    for (const tick of ticks(x0, x1, plotW)) {
      const x = sx(tick.ms);
      root.append(svg("line", {x1: x, x2: x, y1: pad.top + plotH, y2: pad.top + plotH + 4, className: "axis"}));
      root.append(svg("text", {x, y: height - 6, "text-anchor": "middle", className: "tick", text: tick.label}));
    }

    // stacked bars
    const bars = svg("g", {className: "bars"});
    const stack = data.by === "type" ? "type" : "quad_class";
    for (let i = 0; i < data.dates.length; i += 1) {
      const start = parseDay(data.dates[i]);
      const xa = sx(start);
      const xb = sx(nextBucket(start, bucket));
      const w = Math.max(0.6, xb - xa - (xb - xa > 3 ? 1 : 0));
      let base = 0;
      for (const series of data.series) {
        const n = series.counts[i];
        if (!n) continue;
        const yTop = sy(base + n);
        const rect = svg("rect", {x: xa, y: yTop, width: w, height: Math.max(0.5, sy(base) - yTop), fill: seriesColor(stack, series.key)});
        rect.append(svg("title", {text: `${data.dates[i]}: ${fmt(n)} ${series.label}`}));
        bars.append(rect);
        base += n;
      }
    }
    root.append(bars);

    // brush
    const selection = svg("rect", {className: "brush-selection", y: pad.top, height: plotH, x: 0, width: 0, visibility: "hidden"});
    const overlay = svg("rect", {className: "brush-overlay", x: pad.left, y: pad.top, width: plotW, height: plotH, fill: "transparent"});
    root.append(selection, overlay);
    this.selection = selection;
    this.showRange();
    this.attachBrush(root, overlay, selection);

    // legend
    for (const series of data.series) {
      const total = series.counts.reduce((a, b) => a + b, 0);
      const item = el("button", {type: "button", className: "legend-item", title: stack === "type" ? `Show ${series.label} only` : series.label},
        el("span", {className: "swatch", dataset: {key: series.key}}), `${series.label} (${fmt(total)})`);
      item.querySelector(".swatch").style.backgroundColor = seriesColor(stack, series.key);
      if (stack === "type") item.addEventListener("click", () => this.state.setFilters({type: this.state.filters.type === series.key ? "" : series.key}));
      else item.disabled = true;
      this.legend.append(item);
    }
    this.clearButton.hidden = !(this.state.filters.since || this.state.filters.until);
  }

  showRange() {
    const {since, until} = this.state.filters;
    if (!this.scale || (!since && !until)) {
      if (this.selection) this.selection.setAttribute("visibility", "hidden");
      return;
    }
    const {x0, x1, pad, plotW, sx} = this.scale;
    const a = since ? Math.max(x0, parseDay(since)) : x0;
    const b = until ? Math.min(x1, parseDay(until) + DAY) : x1;
    const xa = Math.max(pad.left, sx(a));
    const xb = Math.min(pad.left + plotW, sx(b));
    this.selection.setAttribute("x", String(xa));
    this.selection.setAttribute("width", String(Math.max(1, xb - xa)));
    this.selection.setAttribute("visibility", "visible");
  }

  attachBrush(root, overlay, selection) {
    let startX = null;
    const toX = (event) => {
      const box = root.getBoundingClientRect();
      const {pad, plotW} = this.scale;
      return Math.min(pad.left + plotW, Math.max(pad.left, event.clientX - box.left));
    };
    overlay.addEventListener("pointerdown", (event) => {
      startX = toX(event);
      overlay.setPointerCapture(event.pointerId);
      selection.setAttribute("x", String(startX));
      selection.setAttribute("width", "0");
      selection.setAttribute("visibility", "visible");
    });
    overlay.addEventListener("pointermove", (event) => {
      if (startX === null) return;
      const x = toX(event);
      selection.setAttribute("x", String(Math.min(startX, x)));
      selection.setAttribute("width", String(Math.abs(x - startX)));
    });
    const finish = (event) => {
      if (startX === null) return;
      const x = toX(event);
      const a = Math.min(startX, x);
      const b = Math.max(startX, x);
      startX = null;
      this.brushTo(a, b);
    };
    overlay.addEventListener("pointerup", finish);
    overlay.addEventListener("pointercancel", () => {
      startX = null;
      this.showRange();
    });
  }

  /** Set the date range from two x positions (a click picks one bucket). */
  brushTo(xa, xb) {
    const {x0, x1, pad, plotW, bucket} = this.scale;
    const toMs = (x) => x0 + ((x - pad.left) / plotW) * (x1 - x0);
    let since = bucketStart(toMs(xa), bucket);
    let until = nextBucket(bucketStart(toMs(Math.max(xa, xb - 1)), bucket), bucket) - DAY;
    if (xb - xa < 3) {
      since = bucketStart(toMs(xa), bucket);
      until = nextBucket(since, bucket) - DAY;
    }
    this.state.setFilters({since: isoDay(since), until: isoDay(until)});
  }
}

function ticks(x0, x1, width) {
  const years = (x1 - x0) / (365.25 * DAY);
  const out = [];
  const d0 = new Date(x0);
  if (years > 2) {
    const step = Math.max(1, Math.ceil(years / Math.max(2, width / 70)));
    for (let y = d0.getUTCFullYear() + 1; Date.UTC(y, 0, 1) < x1; y += step) out.push({ms: Date.UTC(y, 0, 1), label: String(y)});
  } else {
    const months = Math.max(1, Math.ceil((years * 12) / Math.max(2, width / 70)));
    for (let m = d0.getUTCMonth() + 1, y = d0.getUTCFullYear(); Date.UTC(y, m, 1) < x1; m += months) {
      const ms = Date.UTC(y, m, 1);
      out.push({ms, label: new Date(ms).toISOString().slice(0, 7)});
    }
  }
  return out;
}
