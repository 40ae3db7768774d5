import type { Permissions } from "../app-spec.js";
import type { Access } from "./domains/types.js";

/** Access kinds of the domain tables → per-action permission levels. */

export const USER_PERMISSIONS: Permissions = { list: "admin", read: "owner", create: "admin", update: "owner", delete: "admin" };

const ALL_PUBLIC: Permissions = { list: "public", read: "public", create: "public", update: "public", delete: "public" };

const WITH_OWNER: Record<Access, Permissions> = {
  public: { list: "public", read: "public", create: "authenticated", update: "owner", delete: "owner" },
  private: { list: "owner", read: "owner", create: "authenticated", update: "owner", delete: "owner" },
  shared: { list: "authenticated", read: "authenticated", create: "authenticated", update: "owner", delete: "owner" },
  catalog: { list: "public", read: "public", create: "admin", update: "admin", delete: "admin" },
  child: { list: "authenticated", read: "authenticated", create: "authenticated", update: "admin", delete: "admin" },
  community: { list: "public", read: "public", create: "authenticated", update: "admin", delete: "admin" },
  guest: { list: "public", read: "public", create: "public", update: "admin", delete: "admin" },
};

/** Without an owner, "owner" cannot be checked: the nearest level that can. */
const WITHOUT_OWNER: Record<Access, Permissions> = {
  ...WITH_OWNER,
  public: { list: "public", read: "public", create: "authenticated", update: "admin", delete: "admin" },
  private: { list: "authenticated", read: "authenticated", create: "authenticated", update: "admin", delete: "admin" },
  shared: { list: "authenticated", read: "authenticated", create: "authenticated", update: "admin", delete: "admin" },
};

export function permissionsFor(access: Access, options: { auth: boolean; owned: boolean; override?: Partial<Permissions> }): Permissions {
  if (!options.auth) return { ...ALL_PUBLIC };
  const base = { ...(options.owned ? WITH_OWNER : WITHOUT_OWNER)[access] };
  for (const [action, level] of Object.entries(options.override ?? {}) as [keyof Permissions, Permissions[keyof Permissions]][]) {
    if (level === "owner" && (!options.owned || action === "create")) continue;
    base[action] = level;
  }
  return base;
}

/** Whether records of this kind only make sense with someone signed in to own them. */
export function needsOwner(access: Access): boolean {
  return access === "private";
}
