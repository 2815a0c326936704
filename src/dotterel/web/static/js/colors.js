// Colours: cooperation in blues and greens, conflict in oranges and reds.

export const TYPE_COLORS = {
  AGREE: "#1f77b4",
  CONSULT: "#6baed6",
  SUPPORT: "#3182bd",
  REQUEST: "#9ecae1",
  COOPERATE: "#31a354",
  AID: "#74c476",
  RETREAT: "#a1d99b",
  CONCEDE: "#006d2c",
  ACCUSE: "#fd8d3c",
  REJECT: "#e6550d",
  THREATEN: "#fdae6b",
  PROTEST: "#b8860b",
  SANCTION: "#9e9ac8",
  MOBILIZE: "#756bb1",
  COERCE: "#de2d26",
  ASSAULT: "#a50f15",
};

export const QUAD_COLORS = {"1": "#6baed6", "2": "#31a354", "3": "#fd8d3c", "4": "#cb181d"};

export function typeColor(type) {
  return TYPE_COLORS[type] || "#888888";
}

export function seriesColor(stack, key) {
  return stack === "type" ? typeColor(key) : QUAD_COLORS[key] || "#888888";
}
