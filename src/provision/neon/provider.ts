import type { Clock } from "../http/clock.js";
import { ProviderApiError, ReadinessFailedError } from "../http/errors.js";
import { JsonClient } from "../http/json-client.js";
import { type PollBudget, pollUntil } from "../http/poll.js";
import { SecretSet } from "../http/redact.js";
import type { HttpSettings } from "../http/retry.js";
import { ENV_VAR_FOR, type Provider, type ProvisionedResource, ProvisionError, type RecordedResource, type ResourceRequest, resourceName } from "../types.js";

/**
 * PostgreSQL on Neon, one branch per preview environment (reference §5).
 *
 * - One Neon project (NEON_PROJECT_ID) holds every app: the free plan allows
 *   10 branches per project, and creating projects is slow to undo.
 * - "production" uses the project's default branch (never created, never
 *   deleted). Any other environment gets its own branch named
 *   `resourceName(request)` (`sw-blog-pr-12`: the app is in the name, so two
 *   apps' pr-12 never collide), created from the default branch with a
 *   read-write endpoint.
 * - Look-up order: the recorded branch id (`GET …/branches/{id}`, 404 = gone),
 *   then the name (`GET …/branches?search=<name>`, exact match, as
 *   create-branch-action does), then create. A create refused because the
 *   name exists (409 or "already exists"; Neon's exact answer is
 *   **unverified**) re-reads by name.
 * - Ready: every operation the create returned is `finished` or `skipped`
 *   (`failed|error|cancelled` stop the wait). A found branch still in
 *   `current_state: "init"` is polled until it leaves it.
 * - The URL comes from `GET /projects/{id}/connection_uri` (database and role
 *   configurable; defaults `neondb` / `neondb_owner`, the names of a new Neon
 *   project's database and owner). Direct (not pooled) by default: migrations
 *   take session-level locks, which PgBouncer's transaction pooling breaks.
 *
 * Requests per ensure (no retries): preview first run 3 + operation polls
 * (search, create, ≥1 operation check per pending operation, connection_uri);
 * re-run with a recorded id 2 (branch, connection_uri); production 2.
 */

export const NEON_PROVIDER = "neon";
export const NEON_API = "https://console.neon.tech/api/v2";
/** Neon operations take seconds: 2 s apart, 60 checks, 5 minutes. */
export const NEON_DEFAULT_POLL: PollBudget = { intervalMs: 2_000, maxAttempts: 60, deadlineMs: 5 * 60_000 };

export interface NeonProviderOptions {
  /** NEON_API_KEY. */
  apiKey: string;
  /** NEON_PROJECT_ID: the project whose branches are used. */
  projectId: string;
  /** Default https://console.neon.tech/api/v2. */
  baseUrl?: string;
  /** NEON_DATABASE_NAME; default "neondb". */
  databaseName?: string;
  /** NEON_ROLE_NAME; default "neondb_owner". */
  roleName?: string;
  /** Use the PgBouncer (-pooler) host. Default false. */
  pooled?: boolean;
  http?: HttpSettings;
  clock?: Clock;
  poll?: Partial<PollBudget>;
}

interface NeonBranch {
  id: string;
  name: string;
  project_id?: string;
  current_state?: string;
  pending_state?: string;
  default?: boolean;
  primary?: boolean;
}
interface NeonOperation {
  id: string;
  action?: string;
  status: string;
  branch_id?: string;
  endpoint_id?: string;
}

const OPERATION_DONE = ["finished", "skipped"];
const OPERATION_FAILED = ["failed", "error", "cancelled"];

export function createNeonProvider(options: NeonProviderOptions): Provider {
  if (!options.apiKey) throw new ProvisionError(NEON_PROVIDER, "an API key is required (NEON_API_KEY)");
  if (!options.projectId) throw new ProvisionError(NEON_PROVIDER, "a project id is required (NEON_PROJECT_ID)");
  const secrets = new SecretSet().add(options.apiKey);
  const api = new JsonClient({
    provider: NEON_PROVIDER,
    baseUrl: options.baseUrl ?? NEON_API,
    secrets,
    auth: { headers: () => ({ authorization: `Bearer ${options.apiKey}` }) },
    http: { ...options.http, clock: options.clock ?? options.http?.clock },
  });
  const clock = api.http.clock;
  const budget: PollBudget = { ...NEON_DEFAULT_POLL, ...options.poll };
  const databaseName = options.databaseName ?? "neondb";
  const roleName = options.roleName ?? "neondb_owner";
  const pooled = options.pooled ?? false;

  const isDefault = (b: NeonBranch) => b.default === true || b.primary === true;

  function project(recorded?: RecordedResource): string {
    return recorded?.ids.projectId ?? options.projectId;
  }

  async function getBranch(projectId: string, branchId: string): Promise<NeonBranch | undefined> {
    const res = await api.request<{ branch?: NeonBranch }>({
      method: "GET",
      path: `/projects/${enc(projectId)}/branches/${enc(branchId)}`,
      operation: "GET /projects/{project_id}/branches/{branch_id}",
      accept: [404],
    });
    if (res.status === 404) return undefined;
    if (!res.body?.branch?.id) throw api.invalid("GET /projects/{project_id}/branches/{branch_id}", "the response has no branch");
    return res.body.branch;
  }

  async function listBranches(projectId: string, search?: string): Promise<NeonBranch[]> {
    const res = await api.request<{ branches?: NeonBranch[] }>({
      method: "GET",
      path: `/projects/${enc(projectId)}/branches`,
      operation: "GET /projects/{project_id}/branches",
      query: { search },
    });
    if (!Array.isArray(res.body?.branches)) throw api.invalid("GET /projects/{project_id}/branches", "the response has no branches array");
    return res.body.branches;
  }

  async function findByName(projectId: string, name: string): Promise<NeonBranch | undefined> {
    return (await listBranches(projectId, name)).find((b) => b.name === name);
  }

  async function createBranch(projectId: string, name: string): Promise<{ branch: NeonBranch; operations: NeonOperation[] } | undefined> {
    try {
      const res = await api.request<{ branch?: NeonBranch; operations?: NeonOperation[] }>({
        method: "POST",
        path: `/projects/${enc(projectId)}/branches`,
        operation: "POST /projects/{project_id}/branches",
        body: { branch: { name }, endpoints: [{ type: "read_write" }] },
      });
      if (!res.body?.branch?.id) throw api.invalid("POST /projects/{project_id}/branches", "the response has no branch");
      return { branch: res.body.branch, operations: res.body.operations ?? [] };
    } catch (error) {
      if (error instanceof ProviderApiError && error.isAlreadyExists) return undefined;
      throw error;
    }
  }

  async function waitForOperations(projectId: string, branchName: string, operations: NeonOperation[]): Promise<void> {
    let pending = operations.filter((op) => !OPERATION_DONE.includes(op.status));
    if (pending.length === 0) return;
    await pollUntil({
      provider: NEON_PROVIDER,
      waitingFor: `Neon branch ${branchName}'s operations (${pending.map((op) => op.action ?? op.id).join(", ")}) to finish`,
      budget,
      clock,
      check: async () => {
        const still: NeonOperation[] = [];
        for (const op of pending) {
          const res = await api.request<{ operation?: NeonOperation }>({
            method: "GET",
            path: `/projects/${enc(projectId)}/operations/${enc(op.id)}`,
            operation: "GET /projects/{project_id}/operations/{operation_id}",
          });
          const current = res.body?.operation;
          if (!current?.status) throw api.invalid("GET /projects/{project_id}/operations/{operation_id}", "the response has no operation status");
          if (OPERATION_FAILED.includes(current.status)) {
            throw new ReadinessFailedError(NEON_PROVIDER, `Neon operation ${current.action ?? op.id} on branch ${branchName}`, current.status);
          }
          if (!OPERATION_DONE.includes(current.status)) still.push({ ...op, status: current.status });
        }
        pending = still;
        if (still.length === 0) return { done: true, value: undefined };
        return { done: false, state: still.map((op) => `${op.action ?? op.id}: ${op.status}`).join(", ") };
      },
    });
  }

  async function waitForBranch(projectId: string, branch: NeonBranch): Promise<void> {
    if (branch.current_state !== "init") return;
    await pollUntil({
      provider: NEON_PROVIDER,
      waitingFor: `Neon branch ${branch.name} to leave state "init"`,
      budget: { ...budget, initialDelayMs: budget.initialDelayMs ?? budget.intervalMs },
      clock,
      check: async () => {
        const current = await getBranch(projectId, branch.id);
        if (!current) throw new ProvisionError(NEON_PROVIDER, `branch ${branch.name} disappeared while it was starting`);
        return current.current_state === "init" ? { done: false, state: "init" } : { done: true, value: undefined };
      },
    });
  }

  async function connectionUri(projectId: string, branchId: string): Promise<string> {
    const res = await api.request<{ uri?: string }>({
      method: "GET",
      path: `/projects/${enc(projectId)}/connection_uri`,
      operation: "GET /projects/{project_id}/connection_uri",
      query: { branch_id: branchId, database_name: databaseName, role_name: roleName, pooled },
    });
    const uri = res.body?.uri;
    if (typeof uri !== "string" || !/^postgres(ql)?:\/\//.test(uri)) throw api.invalid("GET /projects/{project_id}/connection_uri", "the response has no uri");
    try {
      secrets.add(decodeURIComponent(new URL(uri).password));
    } catch {
      // the shape check above already passed; an unparsable password is still masked by shape
    }
    return uri;
  }

  return {
    name: NEON_PROVIDER,
    kinds: ["postgres"],

    async ensure(request, recorded) {
      if (request.kind !== "postgres") throw new ProvisionError(NEON_PROVIDER, `cannot provision ${request.kind}`);
      const projectId = project(recorded);
      const production = request.environment === "production";
      const name = resourceName(request);
      let branch = recorded?.ids.branchId ? await getBranch(projectId, recorded.ids.branchId) : undefined;
      let created = false;

      if (production) {
        if (!branch || !isDefault(branch)) {
          branch = (await listBranches(projectId)).find(isDefault);
          if (!branch) throw new ProvisionError(NEON_PROVIDER, `project ${projectId} has no default branch`);
        }
        await waitForBranch(projectId, branch);
      } else {
        if (branch && isDefault(branch)) branch = undefined; // a preview never uses the default branch
        branch ??= await findByName(projectId, name);
        if (branch) {
          await waitForBranch(projectId, branch);
        } else {
          const made = await createBranch(projectId, name);
          if (made) {
            branch = made.branch;
            created = true;
            await waitForOperations(projectId, name, made.operations);
          } else {
            branch = await findByName(projectId, name);
            if (!branch) throw new ProvisionError(NEON_PROVIDER, `Neon refused to create branch ${name} as a duplicate, but no branch has that name`);
            await waitForBranch(projectId, branch);
          }
        }
      }

      const url = await connectionUri(projectId, branch.id);
      const result: ProvisionedResource = {
        kind: "postgres",
        provider: NEON_PROVIDER,
        name,
        ids: { projectId, branchId: branch.id, branchName: branch.name, branchRole: production ? "default" : "preview" },
        url,
        env: { [ENV_VAR_FOR.postgres]: url },
        created,
      };
      return result;
    },

    async destroy(recorded) {
      // The default branch is production's database: never deleted.
      if (recorded.ids.branchRole === "default") return;
      const projectId = project(recorded);
      let branchId = recorded.ids.branchId;
      if (!branchId) {
        const found = await findByName(projectId, recorded.ids.branchName ?? recorded.name);
        if (!found) return;
        branchId = found.id;
      }
      const branch = await getBranch(projectId, branchId);
      if (!branch || isDefault(branch)) return;
      await api.request({
        method: "DELETE",
        path: `/projects/${enc(projectId)}/branches/${enc(branchId)}`,
        operation: "DELETE /projects/{project_id}/branches/{branch_id}",
        accept: [404],
      });
    },
  };
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
