import { request } from "./client.js";

/** How many records a list page shows at once (the API allows 1 to 100). */
export const PAGE_SIZE = 20;

/** One page of records: `{ items, total, limit, offset }`, newest first. */
export function listRecords(entity, { limit = PAGE_SIZE, offset = 0, q, filters } = {}) {
  return request(entity.apiPath, { query: { limit, offset, q, ...filters } });
}

export function getRecord(entity, id) {
  return request(recordPath(entity, id));
}

export function createRecord(entity, data) {
  return request(entity.apiPath, { method: "POST", body: data });
}

/** Sends only the fields that changed (PATCH is a partial update). */
export function updateRecord(entity, id, changes) {
  return request(recordPath(entity, id), { method: "PATCH", body: changes });
}

export function deleteRecord(entity, id) {
  return request(recordPath(entity, id), { method: "DELETE" });
}

function recordPath(entity, id) {
  return `${entity.apiPath}/${encodeURIComponent(id)}`;
}
