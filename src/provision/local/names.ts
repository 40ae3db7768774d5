import { createHash } from "node:crypto";
import type { ResourceRequest } from "../types.js";

/**
 * Names the local provider gives an app's resources in one environment.
 * Different (app, environment) pairs never share a name: a database, role or
 * key space is one app's alone.
 */

/** PostgreSQL's identifier limit (NAMEDATALEN - 1). */
const MAX_IDENTIFIER = 63;

const sanitize = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");

const shortHash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 8);

/**
 * `sw_<app>__<environment>`: a PostgreSQL database and role, a Redis ACL user,
 * a MongoDB database and user. Lowercase letters, digits and `_`; at most 63
 * characters. The app's hyphens become `_` and a double `_` separates it from
 * the environment (an app slug has single hyphens, so the split is
 * unambiguous: `shop-eu` + `production` and `shop` + `eu-production` differ).
 * An app slug with a double hyphen, or a name too long, gets a hash suffix of
 * the exact pair instead.
 */
export function localName(request: Pick<ResourceRequest, "app" | "environment">): string {
  const app = sanitize(request.app);
  const environment = sanitize(request.environment) || "env";
  const exact = `${request.app}\u0000${request.environment}`;
  let name = `sw_${app}__${environment}`;
  // Anything but a plain slug (lowercase words joined by single hyphens) does not map back uniquely.
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(request.app)) name = `sw_${app}__${environment}_${shortHash(exact)}`;
  if (name.length > MAX_IDENTIFIER) name = `${name.slice(0, MAX_IDENTIFIER - 9).replace(/_+$/, "")}_${shortHash(exact)}`;
  return name;
}

/** `sw:<app>:<environment>:`: the key (and channel) prefix an app's Redis user is confined to. */
export function redisKeyPrefix(request: Pick<ResourceRequest, "app" | "environment">): string {
  const part = (text: string) => text.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "") || "x";
  return `sw:${part(request.app)}:${part(request.environment)}:`;
}

/** Whether a name is one this provider makes (destroy refuses anything else). */
export function isLocalName(name: string): boolean {
  return /^sw_[a-z0-9_]+$/.test(name) && name.length <= MAX_IDENTIFIER;
}

/** A PostgreSQL identifier, quoted. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
