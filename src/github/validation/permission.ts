/**
 * May this person trigger a generation? One request.
 */
import { httpStatus, type GitHubClient, type RepoRef } from "../operations/client.js";

/** A person's repository role, most powerful first. */
export type PermissionLevel = "admin" | "maintain" | "write" | "triage" | "read" | "none";

const LEVELS: readonly PermissionLevel[] = ["admin", "maintain", "write", "triage", "read", "none"];

function asLevel(v: unknown): PermissionLevel | undefined {
  return typeof v === "string" && (LEVELS as readonly string[]).includes(v) ? (v as PermissionLevel) : undefined;
}

/**
 * `login`'s role on `repo`, from GET /repos/{owner}/{repo}/collaborators/{username}/permission.
 * 1 request.
 *
 * - `role_name` when it is one of the five built-in roles (it is the precise one:
 *   `permission` folds maintain into "write" and triage into "read").
 * - Otherwise (a custom repository role, whose `role_name` is the custom name, or an old
 *   GHES without `role_name`) the legacy `permission` field, which is the base role.
 * - 404 (no such user, or the app can't see them) → "none". Other errors are thrown.
 *
 * On a public repository GitHub answers "read" for anyone who isn't a collaborator.
 */
export async function permissionOf(octokit: GitHubClient, repo: RepoRef, login: string): Promise<PermissionLevel> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner: repo.owner, repo: repo.repo, username: login });
    return asLevel((data as { role_name?: unknown }).role_name) ?? asLevel(data.permission) ?? "none";
  } catch (e) {
    if (httpStatus(e) === 404) return "none";
    throw e;
  }
}

/** True for the roles allowed to run `/generate`: admin, maintain and write. 0 requests. */
export function canTrigger(level: PermissionLevel): boolean {
  return level === "admin" || level === "maintain" || level === "write";
}
