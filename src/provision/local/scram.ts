import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * SCRAM-SHA-256 password verifiers as PostgreSQL stores them
 * (`SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, RFC 5802/7677).
 * The local provider sends the verifier, never the password, in
 * `CREATE/ALTER ROLE ... PASSWORD`, so the password cannot end up in the
 * server's statement log.
 */

const PREFIX = "SCRAM-SHA-256";
const DEFAULT_ITERATIONS = 4096;

function keys(password: string, salt: Buffer, iterations: number): { storedKey: Buffer; serverKey: Buffer } {
  // PostgreSQL applies SASLprep; the passwords hashed here are ASCII, for which it changes nothing.
  const salted = pbkdf2Sync(password.normalize("NFKC"), salt, iterations, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  return {
    storedKey: createHash("sha256").update(clientKey).digest(),
    serverKey: createHmac("sha256", salted).update("Server Key").digest(),
  };
}

export function scramVerifier(password: string, options: { salt?: Buffer; iterations?: number } = {}): string {
  const salt = options.salt ?? randomBytes(16);
  const iterations = options.iterations ?? DEFAULT_ITERATIONS;
  const { storedKey, serverKey } = keys(password, salt, iterations);
  return `${PREFIX}$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

/** Whether a stored verifier accepts this password (false for anything that is not a SCRAM verifier). */
export function scramVerifierMatches(verifier: string | null | undefined, password: string): boolean {
  const match = /^SCRAM-SHA-256\$(\d+):([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)$/.exec(verifier ?? "");
  if (!match) return false;
  const { storedKey, serverKey } = keys(password, Buffer.from(match[2]!, "base64"), Number(match[1]));
  const expectedStored = Buffer.from(match[3]!, "base64");
  const expectedServer = Buffer.from(match[4]!, "base64");
  return (
    expectedStored.length === storedKey.length &&
    expectedServer.length === serverKey.length &&
    timingSafeEqual(expectedStored, storedKey) &&
    timingSafeEqual(expectedServer, serverKey)
  );
}
