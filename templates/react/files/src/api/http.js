import { apiUrl } from "../config.js";

/** An error answered by the backend (or a failure to reach it), with a message a person can act on. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = "ApiError";
    /** The HTTP status, or 0 when the server could not be reached. */
    this.status = status;
  }
}

/**
 * Sends one JSON request to the backend and returns the parsed body
 * (undefined for an empty answer such as 204). Any answer other than 2xx
 * throws an ApiError carrying the backend's `{"error": "..."}` message.
 */
export async function send(path, { method = "GET", query, body, headers = {} } = {}) {
  const init = { method, headers: { Accept: "application/json", ...headers } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }

  let response;
  try {
    response = await fetch(`${apiUrl}${path}${queryString(query)}`, init);
  } catch {
    throw new ApiError(0, `Cannot reach the server at ${apiUrl}. Is the backend running?`);
  }

  const data = await readJson(response);
  if (!response.ok) {
    const message = typeof data?.error === "string" ? data.error : `Request failed: ${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message);
  }
  return data;
}

/** `?limit=20&q=x` from an object, skipping empty values. */
function queryString(query = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

async function readJson(response) {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
