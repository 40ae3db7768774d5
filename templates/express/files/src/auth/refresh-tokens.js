import { createHash, randomBytes } from "node:crypto";

/**
 * Refresh tokens are opaque random strings. Only their SHA-256 hash is stored, so
 * a leaked database cannot be used to sign in. Each one is used once: refreshing
 * revokes it and issues a new one (rotation).
 */
const hash = (token) => createHash("sha256").update(token).digest("hex");

export async function issueRefreshToken(db, userId, ttlDays) {
  const token = randomBytes(32).toString("base64url");
  await db.query(
    `insert into refresh_tokens (user_id, token_hash, expires_at)
     values ($1, $2, now() + make_interval(days => $3))`,
    [userId, hash(token), ttlDays],
  );
  return token;
}

/**
 * Revokes `token` and returns its user id, or undefined when the token is unknown,
 * expired or already used. Presenting an already-used token revokes every token of
 * that user, since it means the token was copied.
 */
export async function consumeRefreshToken(db, token) {
  const { rows } = await db.query(
    `update refresh_tokens set revoked_at = now()
     where token_hash = $1 and revoked_at is null and expires_at > now()
     returning user_id`,
    [hash(token)],
  );
  if (rows.length > 0) return rows[0].user_id;
  await db.query(
    `update refresh_tokens set revoked_at = now()
     where revoked_at is null and user_id = (select user_id from refresh_tokens where token_hash = $1 and revoked_at is not null)`,
    [hash(token)],
  );
  return undefined;
}

export async function revokeRefreshToken(db, token) {
  await db.query("update refresh_tokens set revoked_at = now() where token_hash = $1 and revoked_at is null", [hash(token)]);
}
