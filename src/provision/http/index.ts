/** Shared HTTP plumbing for the cloud providers. */
export { type Clock, formatDuration, systemClock } from "./clock.js";
export { DigestAuth, parseDigestChallenge } from "./digest.js";
export {
  type ApiFailureInfo,
  type ApiFailureKind,
  type PollBudget,
  ProviderApiError,
  ReadinessFailedError,
  ReadinessTimeoutError,
} from "./errors.js";
export { type AuthHooks, describeErrorBody, type HttpMethod, JsonClient, type JsonClientOptions, type JsonRequest, type JsonResponse } from "./json-client.js";
export { type PollCheck, type PollOptions, pollUntil, resolveBudget } from "./poll.js";
export { REDACTED, SecretSet, scrubShapes } from "./redact.js";
export {
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
  type HttpSettings,
  parseRetryAfter,
  type ResolvedHttp,
  RetryGaveUp,
  type RetryPolicy,
  resolveHttp,
  type SendOptions,
  sendWithRetry,
} from "./retry.js";
