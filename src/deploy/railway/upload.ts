import { type ResolvedHttp, RetryGaveUp, sendWithRetry } from "../../provision/http/retry.js";
import { SecretSet } from "../../provision/http/redact.js";
import type { RailwayTokenKind } from "../../provision/railway/client.js";

/**
 * `railway up`'s upload (reference §1.3; railwayapp/cli `src/controllers/upload.rs`):
 *
 *     POST https://backboard.railway.com/project/{projectId}/environment/{environmentId}/up?serviceId={serviceId}&message={message}
 *     Authorization: Bearer <token>   (or Project-Access-Token: <token>)
 *     Content-Type: application/gzip
 *     <gzip of a tar>
 *     200 → {"deploymentId", "url", "logsUrl", "deploymentDomain"}
 *     400 → {"message"}    413 → plain text (archive too large)    other → failure
 *
 * REST, not GraphQL, so it goes through the same transport as the client
 * (../../provision/http/retry.ts): a 429 is retried after Retry-After within
 * the wait budget; nothing else is retried, since the upload creates a
 * deployment (a timed-out upload may have done so: the next deploy simply
 * makes a newer one).
 */

export interface UploadResponse {
  deploymentId: string;
  url?: string;
  logsUrl?: string;
  deploymentDomain?: string;
}

export class RailwayUploadError extends Error {
  constructor(
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = "RailwayUploadError";
  }
}

export interface UploadOptions {
  http: ResolvedHttp;
  /** https://backboard.railway.com */
  origin: string;
  token: string;
  tokenKind: RailwayTokenKind;
  projectId: string;
  environmentId: string;
  serviceId: string;
  message?: string;
  body: Buffer;
  onAttempt?: () => void;
  signal?: AbortSignal;
}

export function uploadUrl(o: Pick<UploadOptions, "origin" | "projectId" | "environmentId" | "serviceId" | "message">): URL {
  const url = new URL(`/project/${encodeURIComponent(o.projectId)}/environment/${encodeURIComponent(o.environmentId)}/up`, o.origin);
  url.searchParams.set("serviceId", o.serviceId);
  if (o.message) url.searchParams.set("message", o.message);
  return url;
}

export async function uploadTarball(o: UploadOptions): Promise<UploadResponse> {
  const scrub = new SecretSet().add(o.token);
  const auth: Record<string, string> = o.tokenKind === "project" ? { "Project-Access-Token": o.token } : { Authorization: `Bearer ${o.token}` };
  let response: Response;
  try {
    ({ response } = await sendWithRetry(
      o.http,
      uploadUrl(o),
      {
        method: "POST",
        headers: { ...auth, "Content-Type": "application/gzip", Accept: "application/json" },
        body: o.body,
        ...(o.signal ? { signal: o.signal } : {}),
      },
      { idempotent: false, ...(o.onAttempt ? { onAttempt: o.onAttempt } : {}) },
    ));
  } catch (error) {
    if (error instanceof RetryGaveUp) throw new RailwayUploadError(error.status, scrub.scrub(error.detail, 300));
    throw new RailwayUploadError(undefined, scrub.scrub((error as Error).message, 300));
  }
  const text = await response.text();
  if (response.status === 200) {
    let parsed: Partial<UploadResponse> | undefined;
    try {
      parsed = JSON.parse(text) as Partial<UploadResponse>;
    } catch {
      parsed = undefined;
    }
    if (!parsed || typeof parsed.deploymentId !== "string" || parsed.deploymentId === "") {
      throw new RailwayUploadError(200, "the upload answered 200 without a deploymentId");
    }
    return parsed as UploadResponse;
  }
  if (response.status === 400) {
    let message = text;
    try {
      message = String((JSON.parse(text) as { message?: unknown }).message ?? text);
    } catch {
      // plain text
    }
    throw new RailwayUploadError(400, `HTTP 400: ${scrub.scrub(message.trim(), 300)}`);
  }
  if (response.status === 413) {
    throw new RailwayUploadError(413, `the archive is too large (${o.body.length} bytes compressed): ${scrub.scrub(text.trim(), 200)}`);
  }
  throw new RailwayUploadError(response.status, `HTTP ${response.status}${text.trim() ? `: ${scrub.scrub(text.replace(/\s+/g, " ").trim(), 200)}` : ""}`);
}
