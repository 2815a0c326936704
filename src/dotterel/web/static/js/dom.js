// DOM building without HTML parsing: every piece of data goes in as text
// (textContent, attribute values), never as markup.

const SVG_NS = "http://www.w3.org/2000/svg";

// Attributes that could run code or load something are refused outright.
function safeAttribute(name) {
  const lower = String(name).toLowerCase();
  return !(lower.startsWith("on") || lower === "style" || lower === "srcdoc" || lower === "href" || lower === "src" || lower === "xlink:href" || lower === "action" || lower === "formaction");
}

function apply(node, attrs) {
  if (!attrs) return node;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") {
      node.textContent = String(value);
    } else if (key === "className") {
      node.setAttribute("class", String(value));
    } else if (key === "dataset") {
      for (const [k, v] of Object.entries(value)) node.dataset[k] = String(v);
    } else if (key === "on") {
      for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    } else if (safeAttribute(key)) {
      node.setAttribute(key, value === true ? "" : String(value));
    } else {
      throw new Error(`refused attribute ${key}`);
    }
  }
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** An HTML element: el("td", {className: "x", text: value}, child, ...). */
export function el(tag, attrs, ...children) {
  return append(apply(document.createElement(tag), attrs), children);
}

/** An SVG element. */
export function svg(tag, attrs, ...children) {
  return append(apply(document.createElementNS(SVG_NS, tag), attrs), children);
}

/** Remove every child of a node. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** Replace a node's children. */
export function replace(node, ...children) {
  return append(clear(node), children);
}

/** A link for an http(s) URL; anything else (javascript:, data:, ...) is shown as text. */
export function safeLink(url, label) {
  const text = label === undefined || label === null || label === "" ? url : label;
  if (typeof url !== "string" || url === "") return document.createTextNode(String(text ?? ""));
  let parsed = null;
  try {
    parsed = new URL(url);
  } catch (_error) {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    return el("span", {className: "unsafe-url", title: "not an http(s) link", text: String(text)});
  }
  const a = document.createElement("a");
  a.href = parsed.href; // a parsed http(s) URL: no script can hide in it
  a.rel = "noopener noreferrer nofollow";
  a.target = "_blank";
  a.textContent = String(text);
  return a;
}

/** Numbers with thousands separators. */
export function fmt(n) {
  return Number(n).toLocaleString("en-US");
}

/** Text cut to ``max`` characters. */
export function shorten(text, max) {
  const value = String(text ?? "").replace(/\s+/g, " ").trim();
  return value.length <= max ? value : value.slice(0, max - 1) + "\u2026";
}

/** Split ``text`` into segments at span boundaries: [{start, end, spans: [...]}]. */
export function segments(length, spans) {
  const cuts = new Set([0, length]);
  for (const s of spans) {
    if (s.start >= 0 && s.end <= length && s.start < s.end) {
      cuts.add(s.start);
      cuts.add(s.end);
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const starts = new Map();
  for (const s of spans) {
    if (!(s.start >= 0 && s.end <= length && s.start < s.end)) continue;
    if (!starts.has(s.start)) starts.set(s.start, []);
    starts.get(s.start).push(s);
  }
  const active = [];
  const out = [];
  for (let i = 0; i < points.length - 1; i += 1) {
    const a = points[i];
    const b = points[i + 1];
    for (const s of starts.get(a) || []) active.push(s);
    for (let k = active.length - 1; k >= 0; k -= 1) if (active[k].end <= a) active.splice(k, 1);
    out.push({start: a, end: b, spans: active.slice()});
  }
  return out;
}
