import { ProbotOctokit, run } from "probot";
import app from "./app.js";

// `npm start`: Probot's server (first-run setup, WEBHOOK_PROXY_URL, GHE_HOST) with the
// Stackwright app. Octokit's own retries are off: src/github/operations/retry.ts retries
// 5xx and rate limits (secondary ones included, which Probot does not), exactly once per layer.
await run(app, { Octokit: ProbotOctokit.defaults({ retry: { enabled: false } }) });
