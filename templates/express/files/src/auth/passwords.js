import bcrypt from "bcryptjs";

const ROUNDS = 10;

export function hashPassword(password) {
  return bcrypt.hash(password, ROUNDS);
}

export function verifyPassword(password, hash) {
  return bcrypt.compare(password, hash);
}

/** A real hash to compare against when the email is unknown, so both failures take the same time. */
export const UNKNOWN_USER_HASH = bcrypt.hashSync("no user has this password", ROUNDS);
