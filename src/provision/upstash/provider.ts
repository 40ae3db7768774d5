import type { Clock } from "../http/clock.js";
import { ProviderApiError, ReadinessFailedError } from "../http/errors.js";
import { JsonClient } from "../http/json-client.js";
import { type PollBudget, pollUntil } from "../http/poll.js";
import { SecretSet } from "../http/redact.js";
import type { HttpSettings } from "../http/retry.js";
import { ENV_VAR_FOR, type Provider, type ProvisionedResource, ProvisionError, type RecordedResource, resourceName } from "../types.js";

/**
 * Redis on Upstash through the Developer API (reference §4): one database per
 * app environment, named `resourceName(request)`.
 *
 * - Auth: HTTP Basic, the account email and a Developer API key (native
 *   Upstash accounts only).
 * - Look-up order: the recorded database id (`GET /redis/database/{id}`,
 *   404 = gone), then the name (`GET /redis/databases`, exact
 *   `database_name`), then `POST /redis/database`. A create refused because
 *   the name exists (the error body is **unverified**: 409, or a 400 saying
 *   "already exists") lists again.
 * - Ready: creation is synchronous (`state: "active"` at once; **unverified**
 *   for paid multi-region), so there is no poll unless a database is seen in
 *   another state, which is then polled within the budget.
 * - URL: `rediss://default:<password>@<endpoint>:<port>` (`redis://` when TLS
 *   is off). `endpoint` may be a full host or a slug (then `.upstash.io` is
 *   added). The `default` username is **unverified** (Redis 6 ACL's default
 *   user; the Upstash CLI example omits it). The password comes from the
 *   database object; when a listing omits it, the database is read by id.
 * - The free plan allows one database; previews need pay-as-you-go.
 *
 * Requests per ensure (no retries): first run 2 (list, create); re-run with a
 * recorded id 1 (get).
 */

export const UPSTASH_PROVIDER = "upstash";
export const UPSTASH_API = "https://api.upstash.com/v2";
export const UPSTASH_DEFAULT_POLL: PollBudget = { intervalMs: 2_000, maxAttempts: 30, deadlineMs: 2 * 60_000 };

export interface UpstashProviderOptions {
  /** UPSTASH_EMAIL: the account email (Basic auth user). */
  email: string;
  /** UPSTASH_API_KEY: a Developer API key (Basic auth password). */
  apiKey: string;
  /** UPSTASH_REGION: primary region; default "us-east-1". */
  region?: string;
  /** Default "aws". */
  platform?: "aws" | "gcp";
  /** UPSTASH_PLAN (e.g. "free", "payg"): omitted from the create request unless set. */
  plan?: string;
  /** Default true (rediss://). */
  tls?: boolean;
  baseUrl?: string;
  http?: HttpSettings;
  clock?: Clock;
  poll?: Partial<PollBudget>;
}

interface UpstashDatabase {
  database_id: string;
  database_name: string;
  endpoint?: string;
  port?: number;
  password?: string;
  state?: string;
  tls?: boolean;
  primary_region?: string;
}

export function createUpstashProvider(options: UpstashProviderOptions): Provider {
  if (!options.email || !options.apiKey) throw new ProvisionError(UPSTASH_PROVIDER, "an email and API key are required (UPSTASH_EMAIL, UPSTASH_API_KEY)");
  const basic = Buffer.from(`${options.email}:${options.apiKey}`).toString("base64");
  const secrets = new SecretSet().add(options.apiKey, basic);
  const api = new JsonClient({
    provider: UPSTASH_PROVIDER,
    baseUrl: options.baseUrl ?? UPSTASH_API,
    secrets,
    auth: { headers: () => ({ authorization: `Basic ${basic}` }) },
    http: { ...options.http, clock: options.clock ?? options.http?.clock },
  });
  const budget: PollBudget = { ...UPSTASH_DEFAULT_POLL, ...options.poll };
  const tls = options.tls ?? true;

  function learn(db: UpstashDatabase): UpstashDatabase {
    secrets.add(db.password);
    return db;
  }

  async function getDatabase(id: string): Promise<UpstashDatabase | undefined> {
    const res = await api.request<UpstashDatabase>({
      method: "GET",
      path: `/redis/database/${encodeURIComponent(id)}`,
      operation: "GET /redis/database/{id}",
      accept: [404],
    });
    if (res.status === 404) return undefined;
    if (!res.body?.database_id) throw api.invalid("GET /redis/database/{id}", "the response is not a database");
    return learn(res.body);
  }

  async function findByName(name: string): Promise<UpstashDatabase | undefined> {
    const res = await api.request<UpstashDatabase[]>({ method: "GET", path: "/redis/databases", operation: "GET /redis/databases" });
    if (!Array.isArray(res.body)) throw api.invalid("GET /redis/databases", "the response is not an array");
    const found = res.body.find((db) => db.database_name === name);
    return found ? learn(found) : undefined;
  }

  async function create(name: string): Promise<UpstashDatabase | undefined> {
    try {
      const res = await api.request<UpstashDatabase>({
        method: "POST",
        path: "/redis/database",
        operation: "POST /redis/database",
        body: {
          database_name: name,
          platform: options.platform ?? "aws",
          primary_region: options.region ?? "us-east-1",
          read_regions: [],
          tls,
          eviction: false,
          ...(options.plan ? { plan: options.plan } : {}),
        },
      });
      if (!res.body?.database_id) throw api.invalid("POST /redis/database", "the response is not a database");
      return learn(res.body);
    } catch (error) {
      if (error instanceof ProviderApiError && error.isAlreadyExists) return undefined;
      throw error;
    }
  }

  async function waitActive(db: UpstashDatabase): Promise<UpstashDatabase> {
    if (db.state === undefined || db.state === "active") return db;
    return pollUntil({
      provider: UPSTASH_PROVIDER,
      waitingFor: `Upstash database ${db.database_name} to become active`,
      budget,
      clock: api.http.clock,
      check: async () => {
        const current = await getDatabase(db.database_id);
        if (!current) throw new ProvisionError(UPSTASH_PROVIDER, `database ${db.database_name} disappeared`);
        if (current.state === "active") return { done: true, value: current };
        if (current.state === "deleted") throw new ReadinessFailedError(UPSTASH_PROVIDER, `Upstash database ${db.database_name}`, "deleted");
        return { done: false, state: current.state ?? "unknown" };
      },
    });
  }

  function connectionUrl(db: UpstashDatabase): string {
    if (!db.endpoint) throw api.invalid("GET /redis/database/{id}", `database ${db.database_name} has no endpoint`);
    if (!db.password) throw api.invalid("GET /redis/database/{id}", `Upstash did not return the password of database ${db.database_name}`);
    const host = db.endpoint.includes(".") ? db.endpoint : `${db.endpoint}.upstash.io`;
    const scheme = (db.tls ?? tls) ? "rediss" : "redis";
    return `${scheme}://default:${encodeURIComponent(db.password)}@${host}:${db.port ?? 6379}`;
  }

  return {
    name: UPSTASH_PROVIDER,
    kinds: ["redis"],

    async ensure(request, recorded) {
      if (request.kind !== "redis") throw new ProvisionError(UPSTASH_PROVIDER, `cannot provision ${request.kind}`);
      const name = resourceName(request);
      let db = recorded?.ids.databaseId ? await getDatabase(recorded.ids.databaseId) : undefined;
      db ??= await findByName(name);
      let created = false;
      if (!db) {
        db = await create(name);
        created = db !== undefined;
        db ??= await findByName(name);
        if (!db) throw new ProvisionError(UPSTASH_PROVIDER, `Upstash refused to create ${name} as a duplicate, but no database has that name`);
      }
      db = await waitActive(db);
      if (!db.password) db = (await getDatabase(db.database_id)) ?? db;
      const url = connectionUrl(db);
      const result: ProvisionedResource = {
        kind: "redis",
        provider: UPSTASH_PROVIDER,
        name,
        ids: { databaseId: db.database_id, databaseName: db.database_name },
        url,
        env: { [ENV_VAR_FOR.redis]: url },
        created,
      };
      return result;
    },

    async destroy(recorded: RecordedResource) {
      let id = recorded.ids.databaseId;
      if (!id) {
        const found = await findByName(recorded.ids.databaseName ?? recorded.name);
        if (!found) return;
        id = found.database_id;
      }
      await api.request({
        method: "DELETE",
        path: `/redis/database/${encodeURIComponent(id)}`,
        operation: "DELETE /redis/database/{id}",
        accept: [404],
      });
    },
  };
}
