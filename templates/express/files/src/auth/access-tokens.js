import jwt from "jsonwebtoken";

/** A signed JWT (HS256) carrying the user's id as `sub` and their `role`. */
export function signAccessToken(user, config) {
  return jwt.sign({ role: user.role }, config.jwtSecret, {
    algorithm: "HS256",
    subject: user.id,
    expiresIn: config.accessTokenTtlMinutes * 60,
  });
}

/** `{ id, role }` from a valid token; throws on a bad signature, a wrong algorithm or an expired token. */
export function verifyAccessToken(token, config) {
  const payload = jwt.verify(token, config.jwtSecret, { algorithms: ["HS256"] });
  if (typeof payload.sub !== "string" || typeof payload.role !== "string") throw new Error("malformed token");
  return { id: payload.sub, role: payload.role };
}
