// The actor network: the commonest dyads as edges (actor -> recipient) weighted
// by events. Click a node to filter on that party, an edge for that dyad.

import {clear, fmt, svg} from "./dom.js";

/** Deterministic force-directed layout (Fruchterman-Reingold) in [0, w] x [0, h]. */
export function layout(nodes, edges, w, h, iterations = 300) {
  const n = nodes.length;
  const pos = nodes.map((_, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, n);
    return {x: w / 2 + (w / 3) * Math.cos(a), y: h / 2 + (h / 3) * Math.sin(a)};
  });
  if (n < 2) return pos.map(() => ({x: w / 2, y: h / 2}));
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const k = Math.sqrt((w * h) / n) * 0.5;
  let temperature = w / 8;
  const links = edges.map((e) => [index.get(e.actor), index.get(e.recipient)]).filter(([a, b]) => a !== undefined && b !== undefined && a !== b);
  for (let step = 0; step < iterations; step += 1) {
    const disp = pos.map(() => ({x: 0, y: 0}));
    for (let i = 0; i < n; i += 1) {
      for (let j = i + 1; j < n; j += 1) {
        let dx = pos[i].x - pos[j].x;
        let dy = pos[i].y - pos[j].y;
        let d = Math.hypot(dx, dy);
        if (d < 0.01) {
          dx = 0.01 * (i - j);
          dy = 0.01;
          d = 0.014;
        }
        if (d > 3 * k) continue; // far apart: no push (keeps separate groups near the centre)
        const force = (k * k) / d;
        disp[i].x += (dx / d) * force;
        disp[i].y += (dy / d) * force;
        disp[j].x -= (dx / d) * force;
        disp[j].y -= (dy / d) * force;
      }
    }
    for (const [a, b] of links) {
      const dx = pos[a].x - pos[b].x;
      const dy = pos[a].y - pos[b].y;
      const d = Math.max(0.01, Math.hypot(dx, dy));
      const force = (d * d) / k;
      disp[a].x -= (dx / d) * force;
      disp[a].y -= (dy / d) * force;
      disp[b].x += (dx / d) * force;
      disp[b].y += (dy / d) * force;
    }
    for (let i = 0; i < n; i += 1) {
      // a pull to the centre keeps unconnected parts in view
      disp[i].x += (w / 2 - pos[i].x) * 0.15;
      disp[i].y += (h / 2 - pos[i].y) * 0.15;
      const d = Math.max(0.01, Math.hypot(disp[i].x, disp[i].y));
      const move = Math.min(d, temperature);
      pos[i].x = Math.min(w - 30, Math.max(30, pos[i].x + (disp[i].x / d) * move));
      pos[i].y = Math.min(h - 16, Math.max(30, pos[i].y + (disp[i].y / d) * move));
    }
    temperature = Math.max(0.5, temperature * 0.97);
  }
  return pos;
}

export class Network {
  constructor(root, state) {
    this.root = root;
    this.state = state;
    this.chart = root.querySelector(".chart");
    this.status = root.querySelector(".status");
    this.data = null;
  }

  render(data) {
    this.data = data;
    this.draw();
  }

  draw() {
    clear(this.chart);
    const data = this.data;
    if (!data) return;
    const width = Math.max(260, this.chart.clientWidth || 400);
    const height = 300;
    const root = svg("svg", {width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Actor network"});
    const defs = svg("defs");
    const marker = svg("marker", {id: "arrow", viewBox: "0 0 10 10", refX: "10", refY: "5", markerWidth: "8", markerHeight: "8", markerUnits: "userSpaceOnUse", orient: "auto-start-reverse"});
    marker.append(svg("path", {d: "M0,0L10,5L0,10z", className: "arrowhead"}));
    defs.append(marker);
    root.append(defs);
    this.chart.append(root);
    const dyads = data.dyads.filter((d) => d.actor !== d.recipient);
    this.status.textContent = dyads.length ? `${fmt(dyads.length)} dyads, ${fmt(data.nodes.length)} actors` : "No dyad matches the filters.";
    if (!dyads.length) return;
    const nodes = data.nodes;
    const pos = layout(nodes, dyads, width, height);
    const at = new Map(nodes.map((node, i) => [node.id, pos[i]]));
    const maxEdge = Math.max(...dyads.map((d) => d.count));
    const maxNode = Math.max(...nodes.map((d) => d.count));
    const radius = (node) => 4 + 10 * Math.sqrt(node.count / maxNode);
    const radii = new Map(nodes.map((node) => [node.id, radius(node)]));
    const edges = svg("g", {className: "edges"});
    for (const d of dyads) {
      const a = at.get(d.actor);
      const b = at.get(d.recipient);
      if (!a || !b) continue;
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const len = Math.max(1, Math.hypot(dx, dy));
      const rb = radii.get(d.recipient) + 2;
      const line = svg("line", {
        x1: a.x, y1: a.y, x2: b.x - (dx / len) * rb, y2: b.y - (dy / len) * rb,
        "stroke-width": (1 + 5 * (d.count / maxEdge)).toFixed(2),
        "marker-end": "url(#arrow)",
        className: "edge",
        dataset: {actor: d.actor, recipient: d.recipient},
      });
      line.append(svg("title", {text: `${d.actor} \u2192 ${d.recipient}: ${fmt(d.count)}`}));
      line.addEventListener("click", () => this.state.setFilters({actor: d.actor, recipient: d.recipient, party: ""}));
      edges.append(line);
    }
    const group = svg("g", {className: "nodes"});
    const party = (this.state.filters.party || this.state.filters.actor || "").toUpperCase();
    for (const node of nodes) {
      const p = at.get(node.id);
      const g = svg("g", {className: node.id.toUpperCase() === party ? "node selected" : "node", dataset: {id: node.id}, tabindex: "0"});
      g.append(svg("circle", {cx: p.x, cy: p.y, r: radii.get(node.id)}));
      g.append(svg("text", {x: p.x, y: p.y - radii.get(node.id) - 3, "text-anchor": "middle", text: node.id}));
      g.append(svg("title", {text: `${node.id}: ${fmt(node.as_actor)} as actor, ${fmt(node.as_recipient)} as recipient`}));
      const choose = () => {
        const same = (this.state.filters.party || "").toUpperCase() === node.id.toUpperCase();
        this.state.setFilters({party: same ? "" : node.id, actor: "", recipient: ""});
      };
      g.addEventListener("click", choose);
      g.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") choose();
      });
      group.append(g);
    }
    root.append(edges, group);
  }
}
