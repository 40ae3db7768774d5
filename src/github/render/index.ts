/**
 * Everything Stackwright shows on GitHub, as pure functions of plain data:
 * the progress comment, the PR title and description (with its hidden
 * state), the verify check run's output, and the secret redactor every
 * rendered error passes through.
 */
export { REDACTED, REDACTED_KINDS, redactSecrets } from "./redact.js";
export { formatElapsed, formatPhaseDuration } from "./duration.js";
export {
  PHASE_ALIASES,
  PROGRESS_PHASE_NAMES,
  applyPhaseEvent,
  initialProgressPhases,
  skipUnfinishedPhases,
  type PhaseStatus,
  type ProgressPhase,
  type ProgressPhaseName,
} from "./progress-phases.js";
export {
  MAX_COMMENT_LENGTH,
  findProgressMarker,
  progressMarker,
  renderProgressComment,
  type ProgressOutcome,
  type ProgressState,
  type ProgressTrigger,
  type ProgressUsage,
  type SucceededOutcome,
} from "./progress-comment.js";
export { MAX_PR_TITLE_LENGTH, renderPullRequestTitle } from "./pr-title.js";
export {
  MAX_PR_BODY_LENGTH,
  pullRequestBodyInputFrom,
  renderPullRequestBody,
  summarizeVerifyReport,
  drawFileTree,
  type GeneratedFileEntry,
  type GenerationNotes,
  type PullRequestBodyInput,
  type RenderPullRequestBodyOptions,
  type VerifyResultSummary,
} from "./pr-body/index.js";
export { MAX_STATE_MARKER_LENGTH, PrStateSchema, encodeJson, parsePullRequestState, renderPullRequestStateMarker, type PrState } from "./pr-state.js";
export {
  ANNOTATIONS_PER_REQUEST,
  DEFAULT_MAX_ANNOTATIONS,
  MAX_CHECK_OUTPUT_LENGTH,
  renderVerifyCheckRun,
  type CheckRunAnnotation,
  type VerifyCheckRunOptions,
  type VerifyCheckRunOutput,
} from "./check-run.js";
