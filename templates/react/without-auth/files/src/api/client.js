/**
 * The backend needs no sign-in, so requests go out as they are.
 * See http.js for `send`'s options and errors.
 */
export { ApiError, send as request } from "./http.js";
