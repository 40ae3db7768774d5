import { forbidden, unauthorized } from "../errors.js";
import { verifyAccessToken } from "./access-tokens.js";

/**
 * Reads `Authorization: Bearer <token>` on every request. No header: `req.user` is
 * null and the route decides. A header with a bad or expired token: 401, on every route.
 */
export function readAccessToken(config) {
  return (req, _res, next) => {
    req.user = null;
    const header = req.get("authorization");
    if (header === undefined) return next();
    const match = /^Bearer (\S+)$/i.exec(header);
    if (!match) return next(unauthorized("the Authorization header must be \"Bearer <access token>\""));
    try {
      req.user = verifyAccessToken(match[1], config);
    } catch {
      return next(unauthorized("invalid or expired access token"));
    }
    next();
  };
}

export const isAdmin = (user) => user?.role === "admin";

/**
 * Middleware for an access level: "public" lets everyone through, "authenticated"
 * and "owner" need a signed-in user (the owner check itself needs the record, see
 * `assertOwner`), "admin" needs the admin role.
 */
export function allow(level) {
  return (req, _res, next) => {
    if (level === "public") return next();
    if (!req.user) return next(unauthorized());
    if (level === "admin" && !isAdmin(req.user)) return next(forbidden("only admins can do this"));
    next();
  };
}

/** Throws 403 unless the signed-in user owns the record (`ownerId`) or is an admin. */
export function assertOwner(user, ownerId) {
  if (!user) throw unauthorized();
  if (user.id !== ownerId && !isAdmin(user)) throw forbidden("this record belongs to another user");
}
