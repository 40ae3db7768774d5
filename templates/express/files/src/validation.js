import { z } from "zod";
import { badRequest } from "./errors.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL = /^-?\d+(\.\d+)?$/;

export const isUuid = (value) => typeof value === "string" && UUID.test(value);

/** A decimal number, accepted as a JSON number or a numeric string, passed on as a string ("19.99"). */
export function decimal({ min, max } = {}) {
  return z.union([z.number(), z.string()], { error: "must be a decimal number such as 19.99" }).transform((value, ctx) => {
    const text = String(value).trim();
    if (!DECIMAL.test(text)) {
      ctx.addIssue({ code: "custom", message: "must be a decimal number such as 19.99" });
      return z.NEVER;
    }
    if (min !== undefined && Number(text) < min) ctx.addIssue({ code: "custom", message: `must be at least ${min}` });
    if (max !== undefined && Number(text) > max) ctx.addIssue({ code: "custom", message: `must be at most ${max}` });
    return text;
  });
}

/** A list of record ids (a manyToMany relation), without duplicates. */
export const idList = () =>
  z
    .array(z.string().regex(UUID, { error: "must contain only UUIDs" }))
    .max(1000)
    .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]);

const valueAt = (input, path) => path.reduce((value, key) => (value == null ? undefined : value[key]), input);

const TYPE_NAMES = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  array: "an array",
  object: "an object",
  date: "a date",
};

const FORMAT_NAMES = {
  email: "a valid email address",
  uuid: "a UUID",
  guid: "a UUID",
  date: "a date (YYYY-MM-DD)",
  datetime: "an ISO 8601 date-time such as 2024-05-01T12:00:00Z",
  url: "a URL",
};

/** One zod issue as a sentence that names the field: "title is required", "priority must be at most 5". */
export function describeIssue(issue, input) {
  const field = issue.path.join(".");
  if (issue.code === "unrecognized_keys") {
    const prefix = field ? `${field}.` : "";
    return `unknown field: ${issue.keys.map((key) => prefix + key).join(", ")}`;
  }
  if (!field) return "the request body must be a JSON object";
  const value = valueAt(input, issue.path);
  if (value === undefined) return `${field} is required`;
  if (value === null) return `${field} must not be null`;
  const unit = issue.origin === "string" ? " characters" : issue.origin === "array" ? " items" : "";
  switch (issue.code) {
    case "invalid_type":
      return `${field} must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case "too_small":
      if (issue.origin === "string" && issue.minimum === 1) return `${field} must not be empty`;
      return `${field} must be at least ${issue.minimum}${unit}`;
    case "too_big":
      return `${field} must be at most ${issue.maximum}${unit}`;
    case "invalid_format":
      return `${field} must be ${FORMAT_NAMES[issue.format] ?? `in ${issue.format} format`}`;
    case "invalid_value":
      return `${field} must be one of: ${issue.values.join(", ")}`;
    case "not_multiple_of":
      return `${field} must be a multiple of ${issue.divisor}`;
    default:
      return `${field} ${issue.message}`;
  }
}

/** Validates `body` with `schema`; a failure becomes a 400 naming the first offending field. */
export function parseBody(schema, body) {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw badRequest(describeIssue(result.error.issues[0], body));
}

function integerParam(query, name, { min, max, fallback }) {
  const raw = query[name];
  if (raw === undefined || raw === "") return fallback;
  const value = typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || (max !== undefined && value > max)) {
    throw badRequest(max === undefined ? `${name} must be an integer of at least ${min}` : `${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

/**
 * `?limit=&offset=&q=` plus one `?<relation>Id=` filter per entry of `filters`
 * (`{ postId: "post_id" }`), checked and returned as `{ limit, offset, q, filters: [[column, id]] }`.
 */
export function parseListQuery(query, filters = {}) {
  const limit = integerParam(query, "limit", { min: 1, max: 100, fallback: 20 });
  const offset = integerParam(query, "offset", { min: 0, fallback: 0 });
  const q = typeof query.q === "string" ? query.q.trim() : undefined;
  const selected = [];
  for (const [name, column] of Object.entries(filters)) {
    const value = query[name];
    if (value === undefined) continue;
    if (!isUuid(value)) throw badRequest(`${name} must be a UUID`);
    selected.push([column, value]);
  }
  return { limit, offset, q: q || undefined, filters: selected };
}

/** The body without `name` (a field the server sets itself, such as the owner), when the body is an object. */
export function omitField(body, name) {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return body;
  const { [name]: _ignored, ...rest } = body;
  return rest;
}
