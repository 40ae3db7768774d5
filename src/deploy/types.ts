import type { ServiceManifest } from "../spec/manifest.js";

/**
 * Deploy targets: where a generated app's services run (local processes,
 * Railway, Vercel). One interface, so the deploy flow treats them alike.
 *
 * - `deploy` builds and starts the service from the merged tree, checks its
 *   health, and only then replaces what ran before: a failed deploy leaves the
 *   previous deployment serving.
 * - What a deploy returns is recorded (in the GitHub Deployment's payload) and
 *   contains ids and URLs only, never secrets.
 */

export interface ServiceDeployInput {
  /** The app's slug. */
  app: string;
  /** "production" or a preview name such as "pr-12". */
  environment: string;
  /** The commit being deployed. */
  sha: string;
  service: ServiceManifest;
  /** Absolute path of the service's source (the merged tree checked out, `service.dir` inside it). */
  sourceDir: string;
  /** Environment for build and run (connection strings, JWT secret, the backend URL for a frontend build...). Secrets. */
  env: Record<string, string>;
  /** What the previous successful deploy of this service recorded, to reuse (project ids, ports). */
  previous?: RecordedServiceDeployment;
  signal?: AbortSignal;
  /** Progress lines ("installing", "building", "health check passed"). */
  log?: (line: string) => void;
}

export interface RecordedServiceDeployment {
  target: string;
  service: string;
  url: string;
  /** Target ids: project, deployment, process ids, ports. */
  ids: Record<string, string>;
}

export interface ServiceDeployment extends RecordedServiceDeployment {
  /** Where to read this deployment's logs (a file path locally, a dashboard URL in the cloud). */
  logUrl?: string;
  durationMs: number;
}

export interface DeployTarget {
  readonly name: string;
  /** Which services this target can run. */
  supports(service: ServiceManifest): boolean;
  deploy(input: ServiceDeployInput): Promise<ServiceDeployment>;
  /**
   * The URL a service will have, before its first deploy, when the target can
   * promise one (a reserved local port, a project alias). Lets the backend get
   * its frontend's origin (CORS) up front instead of restarting afterwards.
   */
  plannedUrl?(app: string, environment: string, service: ServiceManifest): Promise<string | null>;
  /** Stops or removes a deployment (local `down`, preview teardown). Idempotent. */
  stop(recorded: RecordedServiceDeployment): Promise<void>;
}

export class DeployError extends Error {
  constructor(
    readonly target: string,
    readonly service: string,
    readonly phase: "install" | "build" | "start" | "health" | "upload" | "configure",
    message: string,
    options?: { cause?: unknown; logUrl?: string },
  ) {
    super(`${target} ${service}: ${phase} failed: ${message}`, options);
    this.name = "DeployError";
    this.logUrl = options?.logUrl;
  }
  readonly logUrl: string | undefined;
}
