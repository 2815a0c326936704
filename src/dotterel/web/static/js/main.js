// The dashboard: one filter state for every view; the timeline, map, network and
// table reload together when it changes; a click on a map dot or a table row
// opens the evidence, and from there the article.

import {ApiFailure, getJSON, segment} from "./api.js";
import {el, fmt, replace} from "./dom.js";
import {State} from "./state.js";
import {Timeline} from "./timeline.js";
import {WorldMap} from "./map.js";
import {Network} from "./network.js";
import {EventTable, PAGE_SIZE} from "./table.js";
import {ArticleView, EvidencePanel} from "./evidence.js";

const $ = (selector) => document.querySelector(selector);

// Timings for tests and benchmarks: {kind: "load" | "filter" | "page", ms}.
const metrics = {timings: [], ready: 0};
window.dotterelMetrics = metrics;

class Dashboard {
  constructor() {
    this.state = new State();
    this.state.load(window.location.search);
    this.meta = null;
    this.seq = 0;
    this.eventSeq = 0;
    this.articleSeq = 0;
    this.timeline = new Timeline($("#timeline"), this.state);
    this.map = new WorldMap($("#map"), {
      onSelect: (id) => this.select(id),
      onType: (type) => this.state.setFilters({type: this.state.filters.type === type ? "" : type}),
    });
    this.network = new Network($("#network"), this.state);
    this.table = new EventTable($("#events"), this.state, {onSelect: (id) => this.select(id)});
    this.evidence = new EvidencePanel($("#evidence"), {onArticle: (articleId, eventId) => this.openArticle(articleId, eventId), onClose: () => this.select("")});
    this.article = new ArticleView($("#article"), {onClose: () => this.state.setView({article: ""}, "article"), onSelectEvent: (id) => this.select(id)});
    this.form = $("#filters");
    this.bindForm();
    this.state.subscribe((reason) => this.changed(reason));
    let resizeTimer = null;
    window.addEventListener("resize", () => {
      window.clearTimeout(resizeTimer);
      resizeTimer = window.setTimeout(() => {
        this.timeline.draw();
        this.network.draw();
      }, 150);
    });
  }

  async start() {
    const t0 = performance.now();
    document.body.dataset.state = "loading";
    try {
      const meta = getJSON("/api/meta").then((m) => {
        this.meta = m;
        this.showMeta();
      });
      const seq = ++this.seq;
      const jobs = [this.loadTimeline(seq, meta), this.loadGeo(seq), this.loadNetwork(seq), this.loadTable(seq)];
      const world = getJSON("/static/data/world.geojson").then((geojson) => this.map.setCountries(geojson));
      await Promise.all([meta, world, ...jobs]);
      this.syncForm();
      if (this.state.view.event) await this.loadEvidence(this.state.view.event);
      if (this.state.view.article) await this.loadArticle(this.state.view.article, this.state.view.event);
      this.finish("load", performance.now(), t0);
      this.loadActors(); // suggestions for the actor boxes, after the first paint
    } catch (error) {
      this.fail(error);
    }
  }

  finish(kind, now, started) {
    metrics.ready += 1;
    metrics.timings.push({kind, ms: Math.round((now - (kind === "load" ? 0 : started)) * 10) / 10});
    document.body.dataset.state = "ready";
    document.body.dataset.ready = String(metrics.ready);
  }

  fail(error) {
    document.body.dataset.state = "error";
    const message = error instanceof ApiFailure ? error.message : `Unexpected error: ${error && error.message ? error.message : error}`;
    const banner = $("#banner");
    banner.hidden = false;
    banner.textContent = message;
    if (!(error instanceof ApiFailure)) console.error(error); // eslint-disable-line no-console
  }

  showMeta() {
    const m = this.meta;
    replace($("#store-summary"), `${fmt(m.counts.events)} events \u00b7 ${fmt(m.counts.happenings)} happenings \u00b7 ${fmt(m.counts.articles)} articles`);
    const typeSelect = this.form.elements.type;
    if (typeSelect.options.length <= 1) for (const t of m.types) typeSelect.append(el("option", {value: t, text: t}));
    const modalitySelect = this.form.elements.modality;
    if (modalitySelect.options.length <= 1) for (const x of m.modalities) modalitySelect.append(el("option", {value: x, text: x}));
    $("#ingest-state").textContent = m.ingest ? "ingest on" : "read-only";
  }

  bindForm() {
    const form = this.form;
    const fromForm = () => {
      const get = (name) => form.elements[name].value;
      this.state.setFilters({
        type: get("type"), actor: get("actor"), recipient: get("recipient"), party: get("party"),
        since: get("since"), until: get("until"), modality: get("modality"), text: get("text"),
      });
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      fromForm();
    });
    for (const name of ["type", "modality", "since", "until"]) form.elements[name].addEventListener("change", fromForm);
    for (const name of ["actor", "recipient", "party", "text"]) {
      form.elements[name].addEventListener("change", fromForm);
    }
    form.querySelector("button.reset").addEventListener("click", () => this.state.clearFilters());
    for (const input of form.querySelectorAll("input[name=unit]")) {
      input.addEventListener("change", () => this.state.setView({unit: input.value, offset: 0, sort: "-date"}, "unit"));
    }
    form.elements.stack.addEventListener("change", () => this.state.setView({stack: form.elements.stack.value}, "stack"));
  }

  syncForm() {
    const form = this.form;
    for (const [key, value] of Object.entries(this.state.filters)) if (form.elements[key]) form.elements[key].value = value;
    for (const input of form.querySelectorAll("input[name=unit]")) input.checked = input.value === this.state.view.unit;
    form.elements.stack.value = this.state.view.stack;
    const chips = $("#chips");
    replace(chips);
    for (const [key, value] of this.state.activeFilters()) {
      const remove = el("button", {type: "button", className: "chip", title: `Remove the ${key} filter`, dataset: {key}}, `${key}: ${value} \u00d7`);
      remove.addEventListener("click", () => this.state.setFilters({[key]: ""}));
      chips.append(remove);
    }
    const codes = new Set(["actor", "recipient", "party"].map((k) => this.state.filters[k].toUpperCase()).filter((v) => /^[A-Z]{3}$/.test(v)));
    this.map.highlight(codes);
  }

  async changed(reason) {
    this.syncForm();
    if (reason === "article") {
      if (!this.state.view.article) this.article.hide();
      return;
    }
    if (reason === "select") return;
    const started = performance.now();
    document.body.dataset.state = "loading";
    try {
      if (reason === "page") {
        await this.loadTable(++this.seq);
      } else if (reason === "stack") {
        await this.loadTimeline(++this.seq);
      } else {
        await this.refresh({timeline: true, record: true});
      }
      this.finish(reason === "filters" ? "filter" : reason, performance.now(), started);
    } catch (error) {
      this.fail(error);
    }
  }

  /** Reload every view for the current filters. */
  async refresh({timeline}) {
    const seq = ++this.seq;
    const jobs = [this.loadGeo(seq), this.loadNetwork(seq), this.loadTable(seq)];
    if (timeline) jobs.push(this.loadTimeline(seq));
    await Promise.all(jobs);
  }

  async loadTimeline(seq, metaReady = null) {
    // the timeline shows the store's whole time span (its brush shows the range chosen)
    const data = await getJSON("/api/stats/timeline", {...this.state.apiFilters({dates: false}), bucket: "auto", by: this.state.view.stack});
    if (metaReady) await metaReady;
    if (seq !== this.seq) return;
    const extent = this.meta.extent[this.state.view.unit];
    this.timeline.render(data, extent.first, extent.last);
  }

  async loadGeo(seq) {
    const data = await getJSON("/api/geo", {...this.state.apiFilters({unit: "happenings"}), limit: 1000});
    if (seq !== this.seq) return;
    this.map.render(data);
  }

  async loadNetwork(seq) {
    const data = await getJSON("/api/stats/dyads", {...this.state.apiFilters(), limit: 40});
    if (seq !== this.seq) return;
    this.network.render(data);
  }

  async loadTable(seq) {
    const view = this.state.view;
    const page = await getJSON("/api/events", {...this.state.apiFilters(), sort: view.sort, limit: PAGE_SIZE, offset: view.offset});
    if (seq !== this.seq) return;
    this.table.render(page);
  }

  async loadActors() {
    try {
      const data = await getJSON("/api/actors", {limit: 200});
      const list = $("#actor-list");
      replace(list);
      for (const a of data.actors) list.append(el("option", {value: a.filter, label: `${a.name}${a.country ? ` (${a.country})` : ""} \u00b7 ${fmt(a.events)}`}));
    } catch (error) {
      this.fail(error);
    }
  }

  /** Open the evidence of an event id or happening ("h42"); "" closes it. */
  select(id) {
    this.state.setView({event: id}, "select");
    this.table.markSelected(id);
    if (!id) {
      this.evidence.hide();
      return;
    }
    this.loadEvidence(id);
  }

  async loadEvidence(id) {
    const seq = ++this.eventSeq;
    this.evidence.loading(id);
    try {
      const detail = await getJSON(`/api/events/${segment(id)}`);
      if (seq !== this.eventSeq) return;
      this.evidence.render(detail);
    } catch (error) {
      if (seq === this.eventSeq) this.evidence.failed(error.message || String(error));
    }
  }

  openArticle(articleId, eventId) {
    this.state.setView({article: articleId}, "article");
    this.loadArticle(articleId, eventId);
  }

  async loadArticle(articleId, eventId) {
    const seq = ++this.articleSeq;
    this.article.loading();
    try {
      const data = await getJSON(`/api/articles/${segment(articleId)}`);
      if (seq !== this.articleSeq) return;
      const focus = eventId && !eventId.startsWith("h") ? eventId : null;
      this.article.render(data, focus);
    } catch (error) {
      if (seq === this.articleSeq) this.article.failed(error.message || String(error));
    }
  }
}

const dashboard = new Dashboard();
dashboard.start();
