import { createHmac } from "node:crypto";
import type { Clock } from "../http/clock.js";
import { DigestAuth } from "../http/digest.js";
import { ProviderApiError, ReadinessFailedError } from "../http/errors.js";
import { type AuthHooks, JsonClient } from "../http/json-client.js";
import { type PollBudget, pollUntil } from "../http/poll.js";
import { SecretSet } from "../http/redact.js";
import type { HttpSettings } from "../http/retry.js";
import { ENV_VAR_FOR, type Provider, type ProvisionedResource, ProvisionError, type RecordedResource, type ResourceRequest, resourceName } from "../types.js";

/**
 * MongoDB on Atlas through the Admin API v2 (reference §3): a cluster, a
 * database user, an IP access list entry, and the SRV connection string.
 *
 * Layout (decisions):
 * - One cluster per app (`sw-<app>`, or `clusterName` for one cluster shared by
 *   every app), M0 by default (free; one per Atlas project) or Flex (paid).
 *   Environments are databases on it: `resourceName(request)` is both the
 *   database name and the user name (`sw-blog-pr-12`), and the user may only
 *   readWrite its own database on that cluster.
 * - Order (reference §8): cluster (GET by name, 404 → create; a duplicate-name
 *   refusal re-reads it) → wait for `stateName == "IDLE"` → user → access list
 *   entry (GET, 404 → POST, then wait for its status to be ACTIVE).
 * - Passwords without storing secrets: the user's password is derived,
 *   HMAC-SHA256(passwordSecret, "<groupId>:<username>"), so every ensure
 *   computes the same one and a re-run returns a working URL without
 *   rotating it (no outage for the running app between ensure and redeploy).
 *   Every ensure PATCHes it anyway (one request, and it heals drift); a 404
 *   on the PATCH means the user is missing and it is created. `passwordSecret`
 *   defaults to the API credential's secret half; set ATLAS_DB_PASSWORD_SECRET
 *   to keep passwords stable across credential rotations.
 * - Access list: `accessListCidr`, default `0.0.0.0/0`, because Railway has no
 *   static egress IPs (reference §3); narrow it when the apps' egress is known.
 *   A value without "/" is sent as `ipAddress`.
 * - destroy deletes the environment's database user (404 = fine). The cluster
 *   and the access list entry are shared by the app's other environments and
 *   stay; the database's data is not dropped (the Admin API cannot).
 *
 * Auth: a service account (preferred: OAuth2 client credentials, the token
 * cached until a minute before it expires and refreshed once on a 401) or a
 * legacy API key pair (HTTP Digest, ../http/digest.ts).
 *
 * Requests per ensure (no retries; +1 token request per hour with a service
 * account): first run 6 + n cluster polls + m access-status polls, n, m ≥ 1
 * (GET cluster 404, POST cluster, GET cluster ×n, PATCH user 404, POST user,
 * GET access 404, POST access, GET status ×m); re-run 3 (GET cluster, PATCH
 * user, GET access entry); destroy 1.
 */

export const ATLAS_PROVIDER = "atlas";
export const ATLAS_API = "https://cloud.mongodb.com/api/atlas/v2";
export const ATLAS_TOKEN_URL = "https://cloud.mongodb.com/api/oauth/token";

/** Versioned media types (Accept, and Content-Type with a body), per endpoint family. */
export const ATLAS_MEDIA = {
  flexClusters: "application/vnd.atlas.2024-11-13+json",
  clusters: "application/vnd.atlas.2024-10-23+json",
  databaseUsers: "application/vnd.atlas.2023-01-01+json",
  accessList: "application/vnd.atlas.2023-01-01+json",
} as const;

/** Clusters take minutes: 15 s apart, 60 checks, 15 minutes. */
export const ATLAS_DEFAULT_POLL: PollBudget = { intervalMs: 15_000, maxAttempts: 60, deadlineMs: 15 * 60_000 };

export type AtlasCredentials =
  | { kind: "service-account"; clientId: string; clientSecret: string }
  | { kind: "api-key"; publicKey: string; privateKey: string };

export type AtlasTier = "M0" | "FLEX";

export interface AtlasProviderOptions {
  /** ATLAS_CLIENT_ID + ATLAS_CLIENT_SECRET, or ATLAS_PUBLIC_KEY + ATLAS_PRIVATE_KEY. */
  credentials: AtlasCredentials;
  /** ATLAS_PROJECT_ID: the Atlas project (group) id. */
  projectId: string;
  /** ATLAS_CLUSTER_NAME: one cluster for every app. Default: `sw-<app>` per app. */
  clusterName?: string;
  /** ATLAS_CLUSTER_TIER: "M0" (default, free, one per project) or "FLEX" (paid). */
  tier?: AtlasTier;
  /** ATLAS_REGION, Atlas style. Default "US_EAST_1". */
  region?: string;
  /** Default "AWS". */
  backingProvider?: "AWS" | "GCP" | "AZURE";
  /** ATLAS_ACCESS_LIST_CIDR. Default "0.0.0.0/0" (see above). */
  accessListCidr?: string;
  /** ATLAS_DB_PASSWORD_SECRET: key the database passwords are derived from. Default: the credential's secret. */
  passwordSecret?: string;
  baseUrl?: string;
  tokenUrl?: string;
  http?: HttpSettings;
  clock?: Clock;
  poll?: Partial<PollBudget>;
}

interface AtlasCluster {
  id?: string;
  name: string;
  stateName?: string;
  connectionStrings?: { standard?: string; standardSrv?: string };
}

export function createAtlasProvider(options: AtlasProviderOptions): Provider {
  if (!options.projectId) throw new ProvisionError(ATLAS_PROVIDER, "a project id is required (ATLAS_PROJECT_ID)");
  const credentials = options.credentials;
  const secretHalf = credentials.kind === "service-account" ? credentials.clientSecret : credentials.privateKey;
  if (!secretHalf) throw new ProvisionError(ATLAS_PROVIDER, "credentials are required");
  const secrets = new SecretSet().add(secretHalf, options.passwordSecret);
  const http: HttpSettings = { ...options.http, clock: options.clock ?? options.http?.clock };
  const tier: AtlasTier = options.tier ?? "M0";
  const region = options.region ?? "US_EAST_1";
  const backingProvider = options.backingProvider ?? "AWS";
  const accessEntry = options.accessListCidr ?? "0.0.0.0/0";
  const passwordKey = options.passwordSecret ?? secretHalf;

  const auth = credentials.kind === "service-account" ? serviceAccountAuth(credentials, options.tokenUrl ?? ATLAS_TOKEN_URL, secrets, http) : digestAuth(credentials);
  const api = new JsonClient({ provider: ATLAS_PROVIDER, baseUrl: options.baseUrl ?? ATLAS_API, secrets, auth, http });
  const clock = api.http.clock;
  const budget: PollBudget = { ...ATLAS_DEFAULT_POLL, ...options.poll };

  const clusterPath = (groupId: string, name?: string) =>
    `/groups/${enc(groupId)}/${tier === "FLEX" ? "flexClusters" : "clusters"}${name === undefined ? "" : `/${enc(name)}`}`;
  const clusterOp = (method: string, withName: boolean) => `${method} /groups/{groupId}/${tier === "FLEX" ? "flexClusters" : "clusters"}${withName ? "/{name}" : ""}`;
  const clusterMedia = tier === "FLEX" ? ATLAS_MEDIA.flexClusters : ATLAS_MEDIA.clusters;
  const media = (type: string, body: boolean): Record<string, string> => (body ? { accept: type, "content-type": type } : { accept: type });

  async function getCluster(groupId: string, name: string): Promise<AtlasCluster | undefined> {
    const res = await api.request<AtlasCluster>({
      method: "GET",
      path: clusterPath(groupId, name),
      operation: clusterOp("GET", true),
      headers: media(clusterMedia, false),
      accept: [404],
    });
    if (res.status === 404) return undefined;
    if (!res.body?.name) throw api.invalid(clusterOp("GET", true), "the response is not a cluster");
    return res.body;
  }

  function clusterBody(name: string): unknown {
    if (tier === "FLEX") {
      return { name, providerSettings: { backingProviderName: backingProvider, regionName: region }, terminationProtectionEnabled: false };
    }
    return {
      name,
      clusterType: "REPLICASET",
      replicationSpecs: [
        { regionConfigs: [{ providerName: "TENANT", backingProviderName: backingProvider, regionName: region, priority: 7, electableSpecs: { instanceSize: "M0" } }] },
      ],
    };
  }

  /** The cluster, created if missing. `created` when this call made it. */
  async function ensureCluster(groupId: string, name: string): Promise<{ cluster: AtlasCluster; created: boolean }> {
    const found = await getCluster(groupId, name);
    if (found) return { cluster: found, created: false };
    try {
      const res = await api.request<AtlasCluster>({
        method: "POST",
        path: clusterPath(groupId),
        operation: clusterOp("POST", false),
        headers: media(clusterMedia, true),
        body: clusterBody(name),
      });
      return { cluster: res.body?.name ? res.body : { name }, created: true };
    } catch (error) {
      // A duplicate name (the exact Atlas error code is unverified): someone made it since the GET.
      if (error instanceof ProviderApiError && error.isAlreadyExists) {
        const again = await getCluster(groupId, name);
        if (again) return { cluster: again, created: false };
      }
      throw error;
    }
  }

  async function waitIdle(groupId: string, cluster: AtlasCluster, justCreated: boolean): Promise<AtlasCluster> {
    if (cluster.stateName === "IDLE" && cluster.connectionStrings?.standardSrv) return cluster;
    return pollUntil({
      provider: ATLAS_PROVIDER,
      waitingFor: `Atlas cluster ${cluster.name} to become IDLE`,
      budget: { ...budget, initialDelayMs: justCreated ? (budget.initialDelayMs ?? budget.intervalMs) : 0 },
      clock,
      check: async () => {
        const current = await getCluster(groupId, cluster.name);
        if (!current) throw new ProvisionError(ATLAS_PROVIDER, `cluster ${cluster.name} disappeared while it was being created`);
        if (current.stateName === "DELETING" || current.stateName === "DELETED") {
          throw new ReadinessFailedError(ATLAS_PROVIDER, `Atlas cluster ${cluster.name}`, current.stateName);
        }
        if (current.stateName === "IDLE" && current.connectionStrings?.standardSrv) return { done: true, value: current };
        return { done: false, state: current.stateName ?? "unknown" };
      },
    });
  }

  async function ensureUser(groupId: string, clusterName: string, username: string, databaseName: string, password: string): Promise<boolean> {
    const body = {
      groupId,
      databaseName: "admin",
      username,
      password,
      roles: [{ databaseName, roleName: "readWrite" }],
      scopes: [{ name: clusterName, type: "CLUSTER" }],
    };
    const userPath = `/groups/${enc(groupId)}/databaseUsers/admin/${enc(username)}`;
    const patch = () =>
      api.request({
        method: "PATCH",
        path: userPath,
        operation: "PATCH /groups/{groupId}/databaseUsers/admin/{username}",
        headers: media(ATLAS_MEDIA.databaseUsers, true),
        body,
        idempotent: true,
        accept: [404],
      });
    if ((await patch()).status !== 404) return false;
    try {
      await api.request({
        method: "POST",
        path: `/groups/${enc(groupId)}/databaseUsers`,
        operation: "POST /groups/{groupId}/databaseUsers",
        headers: media(ATLAS_MEDIA.databaseUsers, true),
        body,
      });
      return true;
    } catch (error) {
      if (error instanceof ProviderApiError && error.isAlreadyExists) {
        const again = await patch();
        if (again.status !== 404) return false;
      }
      throw error;
    }
  }

  async function ensureAccessEntry(groupId: string): Promise<void> {
    const entryPath = `/groups/${enc(groupId)}/accessList/${enc(accessEntry)}`;
    const found = await api.request({
      method: "GET",
      path: entryPath,
      operation: "GET /groups/{groupId}/accessList/{entryValue}",
      headers: media(ATLAS_MEDIA.accessList, false),
      accept: [404],
    });
    if (found.status !== 404) return;
    const entry = accessEntry.includes("/") ? { cidrBlock: accessEntry } : { ipAddress: accessEntry };
    await api.request({
      method: "POST",
      path: `/groups/${enc(groupId)}/accessList`,
      operation: "POST /groups/{groupId}/accessList",
      headers: media(ATLAS_MEDIA.accessList, true),
      body: [{ ...entry, comment: "Stackwright: apps on hosts without static egress IPs" }],
      idempotent: true,
    });
    await pollUntil({
      provider: ATLAS_PROVIDER,
      waitingFor: `Atlas access list entry ${accessEntry} to become ACTIVE`,
      budget: { ...budget, intervalMs: Math.min(budget.intervalMs, 5_000) },
      clock,
      check: async () => {
        const res = await api.request<{ STATUS?: string }>({
          method: "GET",
          path: `${entryPath}/status`,
          operation: "GET /groups/{groupId}/accessList/{entryValue}/status",
          headers: media(ATLAS_MEDIA.accessList, false),
        });
        const status = res.body?.STATUS;
        if (status === "ACTIVE") return { done: true, value: undefined };
        if (status === "FAILED") throw new ReadinessFailedError(ATLAS_PROVIDER, `Atlas access list entry ${accessEntry}`, "FAILED");
        return { done: false, state: status ?? "unknown" };
      },
    });
  }

  function passwordFor(groupId: string, username: string): string {
    const password = createHmac("sha256", passwordKey).update(`${groupId}:${username}`).digest("base64url").slice(0, 32);
    secrets.add(password);
    return password;
  }

  return {
    name: ATLAS_PROVIDER,
    kinds: ["mongodb"],

    async ensure(request, recorded) {
      if (request.kind !== "mongodb") throw new ProvisionError(ATLAS_PROVIDER, `cannot provision ${request.kind}`);
      const groupId = recorded?.ids.groupId ?? options.projectId;
      const name = resourceName(request);
      const clusterName = recorded?.ids.clusterName ?? options.clusterName ?? resourceName({ app: request.app, environment: "" });
      const username = recorded?.ids.username ?? name;
      const databaseName = recorded?.ids.databaseName ?? name;

      const { cluster: initial, created: clusterCreated } = await ensureCluster(groupId, clusterName);
      const cluster = await waitIdle(groupId, initial, clusterCreated);
      const password = passwordFor(groupId, username);
      const userCreated = await ensureUser(groupId, cluster.name, username, databaseName, password);
      await ensureAccessEntry(groupId);

      const url = connectionString(cluster, username, password, databaseName);
      const result: ProvisionedResource = {
        kind: "mongodb",
        provider: ATLAS_PROVIDER,
        name,
        ids: {
          groupId,
          clusterName: cluster.name,
          ...(cluster.id ? { clusterId: cluster.id } : {}),
          tier,
          username,
          databaseName,
          accessListEntry: accessEntry,
        },
        url,
        env: { [ENV_VAR_FOR.mongodb]: url },
        created: clusterCreated || userCreated,
      };
      return result;
    },

    async destroy(recorded: RecordedResource) {
      const groupId = recorded.ids.groupId ?? options.projectId;
      const username = recorded.ids.username ?? recorded.name;
      await api.request({
        method: "DELETE",
        path: `/groups/${enc(groupId)}/databaseUsers/admin/${enc(username)}`,
        operation: "DELETE /groups/{groupId}/databaseUsers/admin/{username}",
        headers: media(ATLAS_MEDIA.databaseUsers, false),
        accept: [404],
      });
    },
  };
}

/**
 * `mongodb+srv://<user>:<password>@<host>/<db>?retryWrites=true&w=majority`, from the cluster's
 * credential-free `connectionStrings.standardSrv` (its host format and these query parameters are
 * **unverified** conventions; the mongodb driver accepts SRV URIs).
 */
export function connectionString(cluster: AtlasCluster, username: string, password: string, databaseName: string): string {
  const srv = cluster.connectionStrings?.standardSrv;
  if (!srv) throw new ProvisionError(ATLAS_PROVIDER, `cluster ${cluster.name} has no SRV connection string`);
  const host = srv.replace(/^mongodb\+srv:\/\//, "").replace(/\/.*$/, "");
  return `mongodb+srv://${encodeURIComponent(username)}:${encodeURIComponent(password)}@${host}/${encodeURIComponent(databaseName)}?retryWrites=true&w=majority`;
}

/** OAuth2 client credentials: a bearer token per hour, fetched lazily, refreshed once on a 401. */
function serviceAccountAuth(
  credentials: { clientId: string; clientSecret: string },
  tokenUrl: string,
  secrets: SecretSet,
  http: HttpSettings,
): AuthHooks {
  const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString("base64");
  secrets.add(basic);
  const tokenClient = new JsonClient({ provider: ATLAS_PROVIDER, baseUrl: tokenUrl, secrets, auth: { headers: () => ({ authorization: `Basic ${basic}` }) }, http });
  const clock = tokenClient.http.clock;
  let cached: { token: string; expiresAt: number } | undefined;

  async function token(): Promise<string> {
    if (cached && clock.now() < cached.expiresAt) return cached.token;
    const res = await tokenClient.request<{ access_token?: string; expires_in?: number; token_type?: string }>({
      method: "POST",
      path: "",
      operation: "POST /api/oauth/token",
      rawBody: "grant_type=client_credentials",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      idempotent: true,
    });
    const accessToken = res.body?.access_token;
    if (!accessToken) throw tokenClient.invalid("POST /api/oauth/token", "the response has no access_token");
    secrets.add(accessToken);
    const lifetimeMs = (typeof res.body.expires_in === "number" ? res.body.expires_in : 3600) * 1000;
    cached = { token: accessToken, expiresAt: clock.now() + Math.max(0, lifetimeMs - 60_000) };
    return accessToken;
  }

  return {
    headers: async () => ({ authorization: `Bearer ${await token()}` }),
    onUnauthorized: () => {
      const had = cached !== undefined;
      cached = undefined;
      return had;
    },
  };
}

/** Legacy programmatic API keys: HTTP Digest. */
function digestAuth(credentials: { publicKey: string; privateKey: string }): AuthHooks {
  const digest = new DigestAuth(credentials.publicKey, credentials.privateKey);
  return {
    headers: ({ method, url }): Record<string, string> => {
      const header = digest.header(method, url.pathname + url.search);
      return header ? { authorization: header } : {};
    },
    onUnauthorized: (response) => digest.accept(response.headers.get("www-authenticate")),
  };
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
