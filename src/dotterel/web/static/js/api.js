// Calls to the dotterel API (same origin). Errors come back as
// {"error": {"code", "message", "status"}} and are thrown as ApiFailure.

export class ApiFailure extends Error {
  constructor(code, message, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/** A query string from an object; empty values are left out, arrays repeat. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value === null || value === undefined || value === "") continue;
    if (Array.isArray(value)) {
      for (const v of value) if (v !== "" && v !== null && v !== undefined) search.append(key, String(v));
    } else {
      search.append(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** GET a JSON document from the API. */
export async function getJSON(path, params, {signal} = {}) {
  const response = await fetch(path + query(params), {headers: {Accept: "application/json"}, signal, credentials: "same-origin"});
  let body = null;
  try {
    body = await response.json();
  } catch (_error) {
    body = null;
  }
  if (!response.ok) {
    const error = body && body.error ? body.error : {code: "HTTP", message: `HTTP ${response.status}`, status: response.status};
    throw new ApiFailure(error.code, error.message, error.status);
  }
  return body;
}

/** Encode one path segment (event and article ids hold ':' and may hold anything). */
export function segment(value) {
  return encodeURIComponent(String(value));
}
