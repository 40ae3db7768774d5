/**
 * What a comment asks Stackwright to do. Produced by `parseCommand`, consumed
 * by the webhook handler (which also checks who asked).
 */

/** `/generate <prompt>`: generate an app, or change the one on the PR. */
export interface GenerateCommand {
  kind: "generate";
  /** Trimmed, at most `MAX_PROMPT_LENGTH` characters, never empty. */
  prompt: string;
}

/** `/generate status`: where the current run is. */
export interface StatusCommand {
  kind: "status";
}

/** `/generate cancel`: stop the current run. */
export interface CancelCommand {
  kind: "cancel";
}

/** `/help` or `/generate help`. */
export interface HelpCommand {
  kind: "help";
}

/** `/deploy` (deploy the merged app again) or `/deploy rollback` (redeploy the previous good deployment). */
export interface DeployCommand {
  kind: "deploy";
  rollback: boolean;
}

/**
 * A command word Stackwright knows, used wrongly: `/generate` with no prompt,
 * a prompt over the limit, `/deploy <unknown>`. The handler replies with
 * `message` (Markdown) instead of running anything.
 */
export interface UsageErrorCommand {
  kind: "usage-error";
  command: "generate" | "deploy";
  problem: "missing-prompt" | "prompt-too-long" | "unknown-argument";
  message: string;
}

export type Command = GenerateCommand | StatusCommand | CancelCommand | HelpCommand | DeployCommand | UsageErrorCommand;
export type CommandKind = Command["kind"];

/** Longest prompt accepted, in characters (Unicode code points). */
export const MAX_PROMPT_LENGTH = 4_000;
