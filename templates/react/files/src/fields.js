/**
 * Converting record values (as the API sends them) to form input values and
 * back, and formatting them for display. Field types are described in
 * entities.js.
 */

/** The form's starting values: the record's, or for a new record `preset`'s and otherwise each field's default. */
export function initialValues(fields, record, preset = {}) {
  return Object.fromEntries(fields.map((field) => [field.key, toInput(field, record ? record[field.key] : (preset[field.key] ?? field.default))]));
}

/**
 * The JSON body to send. For a new record (no `record`), every filled-in field;
 * for an existing one, only the fields that changed. Throws an Error naming the
 * field when an input cannot be converted.
 */
export function toPayload(fields, values, record) {
  const payload = {};
  for (const field of fields) {
    const value = fromInput(field, values[field.key]);
    if (record) {
      const original = fromInput(field, toInput(field, record[field.key]));
      if (JSON.stringify(value) === JSON.stringify(original)) continue;
    } else if (value === null) {
      continue;
    }
    payload[field.key] = value;
  }
  return payload;
}

function toInput(field, value) {
  switch (field.type) {
    case "bool":
      return Boolean(value);
    case "references":
      return Array.isArray(value) ? value.map(String) : [];
    case "json":
      return value === undefined || value === null ? "" : JSON.stringify(value, null, 2);
    case "datetime":
      return value ? toLocalDateTime(value) : "";
    case "date":
      return value ? String(value).slice(0, 10) : "";
    default:
      return value === undefined || value === null ? "" : String(value);
  }
}

function fromInput(field, input) {
  switch (field.type) {
    case "bool":
      return Boolean(input);
    case "references":
      return input;
    case "int":
    case "float":
      return input === "" ? null : Number(input);
    case "json":
      if (input.trim() === "") return null;
      try {
        return JSON.parse(input);
      } catch {
        throw new Error(`${field.label} must be valid JSON`);
      }
    case "datetime":
      return input === "" ? null : new Date(input).toISOString();
    default:
      return input.trim() === "" ? null : input;
  }
}

/** An ISO timestamp as the `YYYY-MM-DDTHH:mm` local time a datetime-local input shows. */
function toLocalDateTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** A value as text for tables and headings. */
export function formatValue(field, value) {
  if (value === undefined || value === null || value === "") return "—";
  switch (field.type) {
    case "bool":
      return value ? "Yes" : "No";
    case "datetime":
      return new Date(value).toLocaleString();
    case "enum":
      return humanize(value);
    case "json":
      return truncate(JSON.stringify(value));
    case "references":
      return String(value.length);
    default:
      return truncate(String(value));
  }
}

/** The text that names a record: its title field, or a short id. */
export function recordTitle(entity, record) {
  const field = entity.fields.find((candidate) => candidate.key === entity.titleField);
  const value = field ? record[field.key] : undefined;
  if (value === undefined || value === null || value === "") return `${entity.label} ${String(record.id).slice(0, 8)}`;
  return formatValue(field, value);
}

/** "in_progress" → "In progress". */
export function humanize(value) {
  const text = String(value).replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function truncate(text, max = 80) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
