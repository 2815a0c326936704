// The event table: a page of events (or happenings) with server-side sorting
// and paging. A click on a row opens its evidence.

import {clear, el, fmt, shorten} from "./dom.js";
import {typeColor} from "./colors.js";

export const PAGE_SIZE = 25;

function side(actors) {
  if (!actors || !actors.length) return "\u2013";
  return actors.map((a) => (a.country ? `${a.name} (${a.code})` : a.name)).join(", ");
}

const MENTION_COLUMNS = [
  {key: "date", label: "Date", sort: "date", value: (r) => r.date, className: "nowrap"},
  {key: "type", label: "Type", sort: "type", value: (r) => r.type, type: true, className: "nowrap"},
  {key: "actor", label: "Actor", value: (r) => side(r.actors)},
  {key: "recipient", label: "Recipient", value: (r) => side(r.recipients)},
  {key: "place", label: "Place", value: (r) => (r.location ? r.location.name || r.location.text : "")},
  {key: "modality", label: "Modality", value: (r) => r.modality},
  {key: "evidence", label: "Evidence", value: (r) => shorten(r.sentence_text || r.trigger_text, 160), className: "evidence"},
];

const HAPPENING_COLUMNS = [
  {key: "date", label: "Date", sort: "date", value: (r) => r.date, className: "nowrap"},
  {key: "type", label: "Type", sort: "type", value: (r) => r.type, type: true, className: "nowrap"},
  {key: "actor", label: "Actor", value: (r) => (r.actors.length ? r.actors.join(", ") : "\u2013")},
  {key: "recipient", label: "Recipient", value: (r) => (r.recipients.length ? r.recipients.join(", ") : "\u2013")},
  {key: "place", label: "Place", value: (r) => r.location || ""},
  {key: "mentions", label: "Mentions", sort: "mentions", value: (r) => fmt(r.mentions), className: "num"},
  {key: "sources", label: "Sources", sort: "sources", value: (r) => fmt(r.sources), className: "num"},
];

export class EventTable {
  constructor(root, state, {onSelect}) {
    this.root = root;
    this.state = state;
    this.onSelect = onSelect;
    this.table = root.querySelector("table");
    this.status = root.querySelector(".status");
    this.prev = root.querySelector("button.prev");
    this.next = root.querySelector("button.next");
    this.prev.addEventListener("click", () => this.state.setView({offset: Math.max(0, this.state.view.offset - PAGE_SIZE)}, "page"));
    this.next.addEventListener("click", () => this.state.setView({offset: this.state.view.offset + PAGE_SIZE}, "page"));
    this.page = null;
  }

  render(page) {
    this.page = page;
    clear(this.table);
    const happenings = page.unit === "happenings";
    const columns = happenings ? HAPPENING_COLUMNS : MENTION_COLUMNS;
    const sort = page.sort;
    const head = el("tr");
    for (const column of columns) {
      const th = el("th", {scope: "col", className: column.className || null});
      if (column.sort) {
        const active = sort === column.sort || sort === `-${column.sort}`;
        const arrow = active ? (sort.startsWith("-") ? " \u25bc" : " \u25b2") : "";
        const button = el("button", {type: "button", className: "sort", text: column.label + arrow, title: `Sort by ${column.label.toLowerCase()}`});
        button.addEventListener("click", () => {
          const next = sort === `-${column.sort}` ? column.sort : `-${column.sort}`;
          this.state.setView({sort: next, offset: 0}, "page");
        });
        th.append(button);
      } else {
        th.textContent = column.label;
      }
      head.append(th);
    }
    this.table.append(el("thead", null, head));
    const body = el("tbody");
    const selected = this.state.view.event;
    for (const row of page.items) {
      const id = happenings ? `h${row.id}` : row.id;
      const tr = el("tr", {tabindex: "0", dataset: {id}, className: id === selected ? "selected" : null});
      for (const column of columns) {
        const td = el("td", {className: column.className || null});
        if (column.type) {
          const swatch = el("span", {className: "swatch"});
          swatch.style.backgroundColor = typeColor(row.type);
          td.append(swatch, column.value(row));
        } else {
          td.textContent = column.value(row);
        }
        if (column.key === "evidence") td.title = row.sentence_text || "";
        tr.append(td);
      }
      tr.addEventListener("click", () => this.onSelect(id));
      tr.addEventListener("keydown", (event) => {
        if (event.key === "Enter") this.onSelect(id);
      });
      body.append(tr);
    }
    this.table.append(body);
    const first = page.total ? page.offset + 1 : 0;
    const last = page.offset + page.items.length;
    this.status.textContent = page.total
      ? `${fmt(first)}\u2013${fmt(last)} of ${fmt(page.total)} ${happenings ? "happenings" : "events"}`
      : `No ${happenings ? "happenings" : "events"} match the filters.`;
    this.prev.disabled = page.offset <= 0;
    this.next.disabled = last >= page.total;
  }

  markSelected(id) {
    for (const tr of this.table.querySelectorAll("tbody tr")) tr.classList.toggle("selected", tr.dataset.id === id);
  }
}
