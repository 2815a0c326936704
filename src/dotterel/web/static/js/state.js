// The dashboard's shared state: one set of filters for every view, kept in the URL.

export const FILTER_KEYS = ["type", "actor", "recipient", "party", "since", "until", "modality", "text"];
const VIEW_KEYS = ["unit", "stack", "sort", "offset", "event", "article"];
const DEFAULTS = {unit: "mentions", stack: "quad_class", sort: "-date", offset: 0, event: "", article: ""};
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function emptyFilters() {
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, ""]));
}

export class State {
  constructor() {
    this.filters = emptyFilters();
    this.view = {...DEFAULTS};
    this.listeners = [];
  }

  /** Read the filters and view from the page's query string. */
  load(search) {
    const params = new URLSearchParams(search);
    for (const key of FILTER_KEYS) this.filters[key] = (params.get(key) || "").slice(0, 200);
    for (const key of ["since", "until"]) if (this.filters[key] && !DATE.test(this.filters[key])) this.filters[key] = "";
    for (const key of VIEW_KEYS) if (params.has(key)) this.view[key] = params.get(key).slice(0, 300);
    if (!["mentions", "happenings"].includes(this.view.unit)) this.view.unit = "mentions";
    if (!["quad_class", "type"].includes(this.view.stack)) this.view.stack = "quad_class";
    this.view.offset = Math.max(0, parseInt(this.view.offset, 10) || 0);
  }

  /** The query string that gives this state back. */
  toSearch() {
    const params = new URLSearchParams();
    for (const key of FILTER_KEYS) if (this.filters[key]) params.set(key, this.filters[key]);
    for (const key of VIEW_KEYS) if (this.view[key] && String(this.view[key]) !== String(DEFAULTS[key])) params.set(key, this.view[key]);
    const text = params.toString();
    return text ? `?${text}` : "";
  }

  /** The API parameters of the filters (and the unit). */
  apiFilters({dates = true, unit = this.view.unit} = {}) {
    const out = {unit};
    for (const key of FILTER_KEYS) {
      if (!dates && (key === "since" || key === "until")) continue;
      if (this.filters[key]) out[key] = this.filters[key];
    }
    return out;
  }

  activeFilters() {
    return FILTER_KEYS.filter((k) => this.filters[k]).map((k) => [k, this.filters[k]]);
  }

  subscribe(listener) {
    this.listeners.push(listener);
  }

  /** Change filters (all views reload) and keep the URL in step. */
  setFilters(changes) {
    let changed = false;
    for (const [key, value] of Object.entries(changes)) {
      if (!FILTER_KEYS.includes(key)) continue;
      const next = String(value ?? "").trim();
      if (this.filters[key] !== next) {
        this.filters[key] = next;
        changed = true;
      }
    }
    if (changed) {
      this.view.offset = 0;
      this.emit("filters");
    }
  }

  clearFilters() {
    this.filters = emptyFilters();
    this.view.offset = 0;
    this.emit("filters");
  }

  /** Change how things are shown: unit, stack, sort, page, selection. */
  setView(changes, reason = "view") {
    let changed = false;
    for (const [key, value] of Object.entries(changes)) {
      if (!VIEW_KEYS.includes(key)) continue;
      if (String(this.view[key]) !== String(value)) {
        this.view[key] = value;
        changed = true;
      }
    }
    if (changed) this.emit(reason);
  }

  emit(reason) {
    window.history.replaceState(null, "", window.location.pathname + this.toSearch());
    for (const listener of this.listeners) listener(reason);
  }
}
