/**
 * A real Probot v14 instance for tests: generated RSA key, Octokit retries and throttling off
 * (the app does its own retrying), every request through the given `fetch` (use the
 * validating fetch), silent logs, and optional GHES base URL.
 */
import { generateKeyPairSync } from "node:crypto";
import { pino, type Logger } from "pino";
import { Probot, ProbotOctokit, type ApplicationFunction } from "probot";

export interface TestProbotOptions {
  appId: number;
  /** API base URL, e.g. http://ghe.test/api/v3 for GitHub Enterprise Server (default github.com). */
  baseUrl?: string;
  /** Every Octokit request goes through this (default: globalThis.fetch). */
  fetch?: typeof globalThis.fetch;
  /** PEM (PKCS#1); default: one key generated per process. */
  privateKey?: string;
  /** Webhook secret (default "test-secret"), for the HTTP middleware path. */
  secret?: string;
  /** Log level (default "silent"); or pass your own pino `log`. */
  logLevel?: "silent" | "trace" | "debug" | "info" | "warn" | "error" | "fatal";
  log?: Logger;
}

let cachedKey: string | undefined;

/** An RSA private key (PKCS#1 PEM), generated once per process (~50–200 ms). */
export function testPrivateKey(): string {
  cachedKey ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  }).privateKey;
  return cachedKey;
}

/**
 * Octokit class with the retry and throttling plugins disabled.
 *
 * Must be a defaults FUNCTION: Probot 14 always passes its own `throttle` options
 * (onRateLimit/onSecondaryRateLimit handlers) to the Octokit class it is given, and with the
 * plain-object form `ProbotOctokit.defaults({ throttle: { enabled: false } })` those replace
 * ours wholesale (Object.assign), so throttling stays ON and every write waits ~1 s.
 */
export const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown> = {}) => ({
  ...options,
  retry: { ...(options.retry as object | undefined), enabled: false },
  throttle: { ...(options.throttle as object | undefined), enabled: false },
}));

export function createTestProbot(options: TestProbotOptions): Probot {
  return new Probot({
    appId: options.appId,
    privateKey: options.privateKey ?? testPrivateKey(),
    secret: options.secret ?? "test-secret",
    Octokit: TestOctokit,
    log: options.log ?? pino({ level: options.logLevel ?? "silent" }),
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.fetch ? { request: { fetch: options.fetch } } : {}),
  });
}

/** `await probot.load(appFn)` and return the probot. */
export async function loadApp(probot: Probot, appFn: ApplicationFunction): Promise<Probot> {
  await probot.load(appFn);
  return probot;
}

/** An Octokit (retries/throttling off) authenticated with a token, e.g. `fake.createInstallationToken()`. */
export function createTestOctokit(options: { token: string; baseUrl?: string; fetch?: typeof globalThis.fetch }): InstanceType<typeof TestOctokit> {
  return new TestOctokit({
    auth: { token: options.token },
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.fetch ? { request: { fetch: options.fetch } } : {}),
  });
}
