// The evidence panel (an event or happening, each mention's sentence with the
// words of every field marked) and the article view (the whole text with
// actors, triggers, places, dates and quotes highlighted). Text only: no markup
// from the data ever reaches the page as markup.

import {clear, el, fmt, replace, safeLink, segments} from "./dom.js";
import {typeColor} from "./colors.js";

const FIELD_NAMES = {
  trigger: "trigger",
  actor: "actor",
  recipient: "recipient",
  date: "date",
  place: "place",
  modality: "modality cue",
  source: "reported by",
};

function typeBadge(type, cameo) {
  const badge = el("span", {className: "type-badge", text: cameo ? `${type} (${cameo})` : type});
  badge.style.borderColor = typeColor(type);
  return badge;
}

/** The sentence with each mark as <mark class="role-ROLE">. */
export function markedSentence(text, marks) {
  const p = el("p", {className: "sentence"});
  let at = 0;
  for (const m of marks) {
    if (m.start < at || m.end > text.length) continue;
    if (m.start > at) p.append(text.slice(at, m.start));
    p.append(el("mark", {className: `ev role-${m.role}`, dataset: {role: m.role}, title: m.role, text: text.slice(m.start, m.end)}));
    at = m.end;
  }
  if (at < text.length) p.append(text.slice(at));
  return p;
}

function fieldList(fields) {
  const dl = el("dl", {className: "fields"});
  for (const f of fields) {
    const words = f.text === null || f.text === undefined ? "" : f.text;
    const dd = el("dd", {dataset: {field: f.field}},
      el("q", {className: `words role-${f.field}`, text: words}),
      f.label ? el("span", {className: "label", text: ` \u2192 ${f.label}`}) : null,
      f.in_sentence ? null : el("span", {className: "note", text: " (outside the sentence)"}));
    dl.append(el("dt", {text: FIELD_NAMES[f.field] || f.field}), dd);
  }
  return dl;
}

function sideText(actors) {
  return actors && actors.length ? actors.map((a) => (a.country ? `${a.name} (${a.code})` : a.name)).join(", ") : "\u2013";
}

export class EvidencePanel {
  constructor(root, {onArticle, onClose}) {
    this.root = root;
    this.body = root.querySelector(".body");
    this.title = root.querySelector("h2");
    this.onArticle = onArticle;
    root.querySelector("button.close").addEventListener("click", onClose);
  }

  loading(id) {
    this.root.hidden = false;
    this.root.dataset.state = "loading";
    this.title.textContent = "Evidence";
    replace(this.body, el("p", {className: "muted", text: `Loading ${id}\u2026`}));
  }

  hide() {
    this.root.hidden = true;
    this.root.dataset.state = "";
    clear(this.body);
  }

  failed(message) {
    this.root.dataset.state = "error";
    replace(this.body, el("p", {className: "error", text: message}));
  }

  render(detail) {
    this.root.hidden = false;
    const h = detail.happening;
    clear(this.body);
    if (h) {
      this.title.textContent = `Happening ${h.id}`;
      this.body.append(
        el("div", {className: "summary"},
          el("p", null, typeBadge(h.type, h.cameo), ` on ${h.date}`),
          el("p", {text: `${h.actors.join(", ") || "\u2013"} \u2192 ${h.recipients.join(", ") || "\u2013"}${h.location ? ` at ${h.location}` : ""}`}),
          el("p", {className: "muted", text: `${fmt(h.mentions)} mention${h.mentions === 1 ? "" : "s"}, ${fmt(h.sources)} source${h.sources === 1 ? "" : "s"}, ${fmt(h.articles)} article${h.articles === 1 ? "" : "s"}`})));
    } else {
      this.title.textContent = "Event";
    }
    for (const m of detail.mentions) {
      const focus = detail.focus === m.id;
      const openArticle = el("button", {type: "button", className: "open-article", text: "Open article"});
      openArticle.addEventListener("click", () => this.onArticle(m.article_id, m.id));
      const meta = [m.publisher, m.published, m.title].filter(Boolean).join(" \u00b7 ");
      const card = el("article", {className: focus ? "mention focus" : "mention", dataset: {id: m.id}},
        el("header", null,
          el("p", null, typeBadge(m.type, m.cameo), " ", el("span", {className: `modality m-${m.modality}`, text: m.modality}), ` ${m.date}`),
          el("p", {className: "source", text: meta || m.article_id}),
          m.url ? el("p", {className: "url"}, safeLink(m.url)) : null),
        el("p", {className: "sides", text: `${sideText(m.actors)} \u2192 ${sideText(m.recipients)}`}),
        m.sentence_text ? markedSentence(m.sentence_text, m.marks) : el("p", {className: "muted", text: `\u201c${m.trigger_text}\u201d`}),
        fieldList(m.fields),
        el("details", {className: "merge"}, el("summary", {text: `merge: ${m.merge_status}`}), el("p", {text: m.merge_reasons || ""})),
        el("p", {className: "actions"}, openArticle, el("span", {className: "muted id", text: m.id})));
      this.body.append(card);
    }
    if (!detail.mentions.length) this.body.append(el("p", {className: "muted", text: "No mentions."}));
    this.root.dataset.state = "ready";
  }
}

const KINDS = [
  ["actor", "actors", true],
  ["recipient", "recipients", true],
  ["trigger", "triggers", true],
  ["place", "places", true],
  ["date", "dates", true],
  ["quote", "quotes", true],
  ["modality", "modality cues", false],
  ["source", "attributions", false],
  ["count", "counts", false],
  ["entity", "named entities", false],
];

export class ArticleView {
  constructor(root, {onClose, onSelectEvent}) {
    this.root = root;
    this.title = root.querySelector("h2");
    this.meta = root.querySelector(".meta");
    this.text = root.querySelector(".article-text");
    this.events = root.querySelector(".article-events");
    this.legend = root.querySelector(".legend");
    this.onSelectEvent = onSelectEvent;
    root.querySelector("button.close").addEventListener("click", onClose);
    this.shown = new Set(KINDS.filter(([, , on]) => on).map(([k]) => k));
    for (const [kind, label] of KINDS) {
      const box = el("input", {type: "checkbox", dataset: {kind}});
      box.checked = this.shown.has(kind);
      box.addEventListener("change", () => {
        if (box.checked) this.shown.add(kind);
        else this.shown.delete(kind);
        this.applyKinds();
      });
      this.legend.append(el("label", {className: `kind k-${kind}`}, box, ` ${label}`));
    }
  }

  hide() {
    this.root.hidden = true;
    this.root.dataset.state = "";
  }

  loading() {
    this.root.hidden = false;
    this.root.dataset.state = "loading";
    this.title.textContent = "Article";
    clear(this.meta);
    replace(this.text, el("p", {className: "muted", text: "Loading\u2026"}));
    clear(this.events);
  }

  failed(message) {
    this.root.dataset.state = "error";
    replace(this.text, el("p", {className: "error", text: message}));
  }

  applyKinds() {
    for (const [kind] of KINDS) this.text.classList.toggle(`show-${kind}`, this.shown.has(kind));
  }

  render(data, focusEvent) {
    const a = data.article;
    this.root.hidden = false;
    this.title.textContent = a.title || a.id;
    replace(this.meta,
      el("span", {text: [a.publisher, a.published, a.language].filter(Boolean).join(" \u00b7 ")}),
      a.url ? el("span", {className: "url"}, " ", safeLink(a.url)) : null,
      el("span", {className: "muted id", text: ` ${a.id}`}));
    clear(this.text);
    const text = a.text;
    for (const seg of segments(text.length, data.spans)) {
      const words = text.slice(seg.start, seg.end);
      if (!seg.spans.length) {
        this.text.append(words);
        continue;
      }
      const kinds = [...new Set(seg.spans.map((s) => s.kind))];
      const events = [...new Set(seg.spans.flatMap((s) => s.events))];
      const span = el("span", {className: kinds.map((k) => `k-${k}`).join(" "), dataset: {kinds: kinds.join(" "), events: events.join(" ")}, text: words});
      const labels = seg.spans.map((s) => (s.label ? `${s.kind}: ${s.label}` : s.kind));
      span.title = [...new Set(labels)].join("\n");
      this.text.append(span);
    }
    this.applyKinds();
    clear(this.events);
    for (const e of data.events) {
      const item = el("li", {tabindex: "0", dataset: {id: e.id}},
        typeBadge(e.type, e.cameo), " ", el("span", {className: `modality m-${e.modality}`, text: e.modality}),
        fieldList(e.fields));
      item.addEventListener("click", () => this.focus(e.id));
      item.addEventListener("dblclick", () => this.onSelectEvent(e.happening_id !== null && e.happening_id !== undefined ? `h${e.happening_id}` : e.id));
      this.events.append(item);
    }
    if (!data.events.length) this.events.append(el("li", {className: "muted", text: "No events coded."}));
    this.focus(focusEvent);
    this.root.dataset.state = "ready";
  }

  /** Outline the words of one event in the text and scroll to them. */
  focus(eventId) {
    let first = null;
    for (const span of this.text.querySelectorAll("span[data-events]")) {
      const on = Boolean(eventId) && span.dataset.events.split(" ").includes(eventId);
      span.classList.toggle("focus", on);
      if (on && !first) first = span;
    }
    for (const li of this.events.querySelectorAll("li[data-id]")) li.classList.toggle("focus", li.dataset.id === eventId);
    if (first) first.scrollIntoView({block: "center"});
  }
}
