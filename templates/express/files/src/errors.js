/** An error with an HTTP status; its message is sent to the client as {"error": message}. */
export class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.name = "HttpError";
    this.status = status;
  }
}

export const badRequest = (message) => new HttpError(400, message);
export const unauthorized = (message = "authentication required") => new HttpError(401, message);
export const forbidden = (message = "you are not allowed to do this") => new HttpError(403, message);
export const notFound = (message = "not found") => new HttpError(404, message);
export const conflict = (message) => new HttpError(409, message);

/** `author_id` → `authorId`, to name fields the way the API does. */
const camelCase = (column) => column.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

/** The first column named in a Postgres error detail such as `Key (sku)=(A-1) already exists.` */
function columnInDetail(detail) {
  const match = /^Key \(([^)]+)\)=/.exec(detail ?? "");
  return match ? match[1].split(",")[0].trim() : undefined;
}

/** Turns the Postgres errors a client can cause into 4xx answers; everything else stays a 500. */
function fromDatabaseError(error) {
  const column = columnInDetail(error.detail);
  const field = column ? camelCase(column) : "value";
  switch (error.code) {
    case "23505": // unique_violation
      return conflict(`${field} is already taken`);
    case "23503": // foreign_key_violation
      if (/is still referenced/.test(error.detail ?? "")) {
        const table = /from table "([^"]+)"/.exec(error.detail)?.[1];
        return conflict(`this record is still referenced${table ? ` by ${table}` : ""}; delete those records first`);
      }
      return badRequest(`${field} does not match an existing record`);
    case "23502": // not_null_violation
      return badRequest(`${error.column ? camelCase(error.column) : "a field"} is required`);
    case "23514": // check_violation
      return badRequest(`a value is out of range (${error.constraint})`);
    case "22P02": // invalid_text_representation, e.g. a malformed uuid
      return badRequest("a value has the wrong format");
    case "22003": // numeric_value_out_of_range
      return badRequest("a number is too large");
    default:
      return undefined;
  }
}

/** 404 for any route nothing else answered. */
export function notFoundHandler(req, _res, next) {
  next(notFound(`no route for ${req.method} ${req.path}`));
}

/** The last middleware: every error becomes {"error": message} with the right status. */
export function errorHandler(error, _req, res, _next) {
  let httpError = error instanceof HttpError ? error : fromDatabaseError(error);
  if (!httpError && error.type === "entity.parse.failed") httpError = badRequest("the request body is not valid JSON");
  if (!httpError && error.type === "entity.too.large") httpError = new HttpError(413, "the request body is too large");
  if (!httpError && Number.isInteger(error.status) && error.status >= 400 && error.status < 500) {
    httpError = new HttpError(error.status, error.expose ? error.message : "bad request");
  }
  if (!httpError) {
    console.error(error);
    httpError = new HttpError(500, "internal server error");
  }
  res.status(httpError.status).json({ error: httpError.message });
}
