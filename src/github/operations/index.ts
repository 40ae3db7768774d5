export { gitHubMessages, httpStatus, isGitHubError, isHttpError, type GitHubClient, type GitHubErrorLike, type RepoRef } from "./client.js";
export { GitHubRateLimitError, GitHubRetryError, installRetries, type RetryEvent, type RetryOptions, type RetryStats } from "./retry.js";
export {
  addReaction,
  createComment,
  findCommentByMarker,
  updateComment,
  upsertComment,
  type CommentRef,
  type FindOptions,
  type ReactionContent,
  type UpsertResult,
} from "./comments.js";
export {
  BranchMovedError,
  commitFiles,
  MAX_INLINE_TREE_BYTES,
  type CommitFilesInput,
  type CommitFilesResult,
  type FileMode,
  type FileToCommit,
} from "./commit-files.js";
export {
  createPullRequest,
  findOpenPullRequest,
  getPullRequest,
  updatePullRequest,
  type PullRequestRef,
  type PullRequestResult,
} from "./pull-requests.js";
export {
  ANNOTATIONS_PER_REQUEST,
  createCheckRun,
  updateCheckRun,
  type CheckRunAction,
  type CheckRunAnnotation,
  type CheckRunConclusion,
  type CheckRunOutput,
  type CheckRunResult,
  type CheckRunStatus,
  type CreateCheckRunInput,
  type UpdateCheckRunInput,
} from "./check-runs.js";
