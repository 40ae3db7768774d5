/**
 * The reply to `/help`: every command, what it does, and where settings live.
 * The table is built from COMMAND_HELP, which follows the grammar in parse.ts.
 */
import { table } from "../render/markdown.js";

export interface CommandHelp {
  usage: string;
  description: string;
  /** Commands that only work once deployment exists. */
  deploy?: boolean;
}

export const COMMAND_HELP: readonly CommandHelp[] = [
  {
    usage: "/generate <prompt>",
    description:
      "Generates an app from the prompt (which may run over several lines) and opens a pull request. On that pull request, or on its issue while the pull request is open, it changes the app on the same branch instead.",
  },
  { usage: "/generate status", description: "Links to the current run's progress." },
  { usage: "/generate cancel", description: "Stops the current run; nothing more is committed." },
  { usage: "/deploy", description: "Deploys the merged app again.", deploy: true },
  { usage: "/deploy rollback", description: "Redeploys the previous successful deployment.", deploy: true },
  { usage: "/help", description: "Shows this list." },
];

export interface HelpOptions {
  /** List `/deploy` and `/deploy rollback` (once deployment is available). Default false. */
  deployEnabled?: boolean;
  /** A sentence shown above the table, e.g. why help is shown. */
  intro?: string;
}

/** Markdown for the `/help` reply. */
export function renderHelp(options: HelpOptions = {}): string {
  const rows = COMMAND_HELP.filter((c) => !c.deploy || options.deployEnabled).map((c) => [`\`${c.usage}\``, c.description]);
  return [
    "### Stackwright commands",
    ...(options.intro ? ["", options.intro] : []),
    "",
    "Write a command at the start of a line in a comment (not inside a quote or a code block). Only people with write access to the repository can run them.",
    "",
    table(["Command", "What it does"], rows),
    "",
    "For example:",
    "",
    "```",
    "/generate A task tracker with projects and tasks, a FastAPI backend and a React frontend",
    "```",
    "",
    "Settings such as stack defaults, writable paths, limits and deploy targets live in `.github/stackwright.yml` on the default branch.",
  ].join("\n");
}
