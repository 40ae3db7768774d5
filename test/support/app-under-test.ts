import { createStackwrightApp } from "../../src/app.js";
import { OfflineGenerator } from "../../src/generate/offline.js";
import type { AppGenerator, GenerationContext, GenerationStream, SpecDraft } from "../../src/generate/types.js";
import { replyScope } from "../../src/github/jobs.js";
import type { DeployServices } from "../../src/github/flows/deploy.js";
import { MemoryJobQueue } from "../../src/jobs/memory.js";
import { ACTIVE_STATES, type Job, type JobQueue } from "../../src/jobs/types.js";
import type { AppSpec } from "../../src/spec/app-spec.js";
import { createGitHubHarness, type GitHubHarness } from "./github/index.js";

export const OWNER = "octo-org";
export const REPO = "demo";
export const SCOPE = (issue: number) => `${OWNER}/${REPO}#${issue}`;

export interface AppUnderTest {
  h: GitHubHarness;
  queue: MemoryJobQueue;
  /** Waits (sleeps) the retry layer was asked for. */
  retrySleeps: number[];
  /** Posts a comment as `user` on issue/PR `number` and delivers the webhook. Returns the comment id. */
  say(number: number, body: string, user?: string, deliveryId?: string): Promise<number>;
  /** Waits until the issue's generate job (and the reply to `commentId`, if given) has finished. */
  settle(issue: number, commentId?: number): Promise<Job | null>;
  stop(): Promise<void>;
}

export interface StartAppOptions {
  generator?: () => AppGenerator;
  baseUrl?: string;
  files?: Record<string, string>;
  progressIntervalMs?: number;
  deployServices?: DeployServices;
}

export async function startApp(options: StartAppOptions = {}): Promise<AppUnderTest> {
  const queue = new MemoryJobQueue({ policy: { attempts: 1 } });
  const retrySleeps: number[] = [];
  const app = createStackwrightApp({
    queue,
    generator: options.generator ?? (() => new OfflineGenerator()),
    retry: { baseDelayMs: 5, sleep: async (ms) => void retrySleeps.push(ms) },
    // Only the first and the final state of the progress comment are written in tests (one request each).
    progressIntervalMs: options.progressIntervalMs ?? 60_000,
    appId: 4242,
    ...(options.deployServices ? { deployServices: options.deployServices } : {}),
  });
  const h = await createGitHubHarness({
    app,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    repo: {
      owner: OWNER,
      repo: REPO,
      files: { "README.md": "# demo\n", ...options.files },
      issues: [{ title: "A blog", body: "We need a blog.", user: "alice" }, { title: "A shop", user: "alice" }],
      collaborators: { alice: "write", ada: "admin", rita: "read" },
    },
  });
  return {
    h,
    queue,
    retrySleeps,
    async say(number, body, user = "alice", deliveryId) {
      const { id, payload } = h.comment(number, body, user);
      await h.receive("issue_comment", payload, deliveryId);
      return id;
    },
    async settle(issue, commentId) {
      const generate = await waitForScope(queue, SCOPE(issue));
      if (commentId !== undefined) await waitForScope(queue, replyScope(SCOPE(issue), commentId));
      return generate;
    },
    async stop() {
      await queue.stop({ timeoutMs: 5_000 });
      h.done();
    },
  };
}

export async function waitForScope(queue: JobQueue, scope: string, timeoutMs = 30_000): Promise<Job | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await queue.latest(scope);
    if (!job || !ACTIVE_STATES.includes(job.state)) return job;
    if (Date.now() > deadline) throw new Error(`job ${job.id} in ${scope} still ${job.state} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The offline generator, held at its first step until `release()` (to have a run in progress). */
export function gatedGenerator(): { generator: () => AppGenerator; started: Promise<void>; release: () => void } {
  let release!: () => void;
  let markStarted!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const inner = new OfflineGenerator();
  const gated: AppGenerator = {
    mode: "offline",
    async draftSpec(prompt: string, context: GenerationContext): Promise<SpecDraft> {
      markStarted();
      await Promise.race([gate, aborted(context.signal)]);
      return inner.draftSpec(prompt, context);
    },
    generate: (spec: AppSpec, context: GenerationContext): Promise<GenerationStream> => inner.generate(spec),
  };
  return { generator: () => gated, started, release };
}

function aborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => signal?.addEventListener("abort", () => reject(signal.reason), { once: true }));
}
