import type { PhaseEvent } from "../../pipeline/phases.js";
import type { GitHubClient, RepoRef } from "../operations/client.js";
import { createComment, upsertComment } from "../operations/comments.js";
import {
  applyPhaseEvent,
  initialProgressPhases,
  skipUnfinishedPhases,
  type ProgressPhase,
} from "../render/progress-phases.js";
import { progressMarker, renderProgressComment, type ProgressOutcome, type ProgressTrigger, type ProgressUsage } from "../render/progress-comment.js";

export interface ProgressCommentOptions {
  octokit: GitHubClient;
  repo: RepoRef;
  jobId: string;
  trigger: ProgressTrigger;
  /** The comment this job already wrote (after a restart), so it is edited, not duplicated. */
  commentId?: number | null;
  /**
   * A retried job whose comment id was not recorded may have written one
   * already: look for its marker before creating. A first run skips the search
   * (one request fewer).
   */
  searchExisting?: boolean;
  updatingPullRequest?: boolean;
  /**
   * Least time between two edits while phases run. Every edit is a GitHub
   * request; the first and the final state are always written, and a fast run
   * needs nothing in between.
   */
  minIntervalMs: number;
  now?: () => number;
}

/**
 * The one progress comment of a job: created at once, edited in place as
 * phases run (throttled), and finished with links or a readable error.
 */
export class ProgressComment {
  private phases: ProgressPhase[];
  private readonly startedAt: Date;
  private readonly now: () => number;
  private lastWrite = 0;
  private writes: Promise<void> = Promise.resolve();
  private commentId: number | null;
  private url: string | null = null;
  private usage: ProgressUsage | undefined;

  constructor(private readonly options: ProgressCommentOptions) {
    this.now = options.now ?? Date.now;
    this.startedAt = new Date(this.now());
    this.phases = initialProgressPhases({ updatingPullRequest: options.updatingPullRequest });
    this.commentId = options.commentId ?? null;
  }

  get id(): number | null {
    return this.commentId;
  }

  get htmlUrl(): string | null {
    return this.url;
  }

  /** Writes the first state (creating the comment, or taking over this job's earlier one). */
  async open(): Promise<{ id: number; htmlUrl: string }> {
    await this.write({ kind: "running" });
    return { id: this.commentId!, htmlUrl: this.url! };
  }

  /** Folds a pipeline phase event in; the comment is edited when the last edit is old enough. */
  readonly onPhase = (event: PhaseEvent): void => {
    this.phases = applyPhaseEvent(this.phases, event);
    if (event.status !== "start" && this.now() - this.lastWrite >= this.options.minIntervalMs) {
      this.writes = this.writes.then(() => this.write({ kind: "running" })).catch(() => {
        // A failed intermediate edit is not worth failing the job for; the final write retries.
      });
    }
  };

  /** The final state: always written, after any edit still in flight. */
  async finish(outcome: Exclude<ProgressOutcome, { kind: "running" }>, usage?: ProgressUsage): Promise<void> {
    await this.writes;
    if (outcome.kind !== "succeeded") this.phases = skipUnfinishedPhases(this.phases);
    this.usage = usage;
    await this.write(outcome);
  }

  private async write(outcome: ProgressOutcome): Promise<void> {
    const body = renderProgressComment({
      jobId: this.options.jobId,
      trigger: this.options.trigger,
      phases: this.phases,
      startedAt: this.startedAt,
      now: new Date(this.now()),
      outcome,
      ...(this.usage ? { usage: this.usage } : {}),
    });
    const { octokit, repo, trigger, jobId } = this.options;
    const marker = progressMarker(jobId);
    const written =
      this.commentId === null && !this.options.searchExisting
        ? await createComment(octokit, repo, trigger.issueNumber, body.includes(marker) ? body : `${marker}\n${body}`)
        : await upsertComment(octokit, repo, trigger.issueNumber, marker, body, this.commentId);
    this.commentId = written.id;
    this.url = written.htmlUrl;
    this.lastWrite = this.now();
  }
}
