/**
 * The comment grammar. A command counts only at the start of a line, as a
 * person reading the rendered comment would see it:
 *
 * - up to 3 spaces may come before it (4 or a tab make a Markdown code block);
 * - the command word is case-insensitive and must be followed by a space or
 *   the end of the line (`/generates`, `/generate:` are not commands);
 * - lines inside fenced code blocks (``` or ~~~), block quotes (`> …`, plus
 *   the lines that continue a quote without a blank line between) and HTML
 *   comments (`<!-- … -->`) are never commands;
 * - the first command in the comment wins.
 *
 * Commands:
 *
 *     /generate <prompt>   the prompt is the rest of that line plus every following
 *                          line up to the next command line or the end of the comment
 *                          (code blocks and quotes inside it are kept); trimmed
 *     /generate status     exactly that on its line (`/generate status page for…` is a prompt)
 *     /generate cancel     likewise
 *     /generate help       the same as /help
 *     /generate            with no prompt: a usage error that says how to write one
 *     /help                anything after it on the line is ignored
 *     /deploy              deploy the merged app again
 *     /deploy rollback     redeploy the previous good deployment
 *
 * Anything else is not a command: `parseCommand` returns null.
 */
import { codeSpan, truncate } from "../render/markdown.js";
import { MAX_PROMPT_LENGTH, type Command } from "./types.js";

const COMMAND_LINE = /^ {0,3}\/(generate|help|deploy)(?=[ \t]|$)(.*)$/i;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const QUOTE = /^ {0,3}>/;

interface Line {
  /** The line as written (HTML comments removed). */
  text: string;
  /** Whether the line is ordinary text at the top level, where a command may start. */
  open: boolean;
}

/** The first command in a comment body, or null when there is none. */
export function parseCommand(body: string): Command | null {
  const lines = classifyLines(body);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const match = line.open ? COMMAND_LINE.exec(line.text) : null;
    if (!match) continue;
    const word = match[1]!.toLowerCase();
    const rest = match[2]!;
    if (word === "help") return { kind: "help" };
    if (word === "deploy") return deployCommand(rest);
    return generateCommand(rest, lines.slice(i + 1));
  }
  return null;
}

function deployCommand(rest: string): Command {
  const argument = rest.trim();
  if (argument === "") return { kind: "deploy", rollback: false };
  if (argument.toLowerCase() === "rollback") return { kind: "deploy", rollback: true };
  return {
    kind: "usage-error",
    command: "deploy",
    problem: "unknown-argument",
    message: `\`/deploy\` takes no argument, or \`rollback\`; it does not know ${codeSpan(truncate(argument, 60))}. Comment \`/deploy\` to deploy the merged app again, or \`/deploy rollback\` to go back to the previous deployment.`,
  };
}

function generateCommand(rest: string, following: readonly Line[]): Command {
  const firstLine = rest.trim();
  const subcommand = firstLine.toLowerCase();
  if (subcommand === "status") return { kind: "status" };
  if (subcommand === "cancel") return { kind: "cancel" };
  if (subcommand === "help") return { kind: "help" };

  const promptLines = [rest];
  for (const line of following) {
    if (line.open && COMMAND_LINE.test(line.text)) break;
    promptLines.push(line.text);
  }
  const prompt = promptLines.join("\n").trim();

  if (prompt === "") {
    return {
      kind: "usage-error",
      command: "generate",
      problem: "missing-prompt",
      message: [
        "Add a description of the app after `/generate`, on the same line or the lines below it. For example:",
        "",
        "```",
        "/generate A blog with posts and comments, an Express backend and a React frontend",
        "```",
        "",
        "Comment `/help` to see every command.",
      ].join("\n"),
    };
  }
  const length = [...prompt].length;
  if (length > MAX_PROMPT_LENGTH) {
    return {
      kind: "usage-error",
      command: "generate",
      problem: "prompt-too-long",
      message: `Your prompt is ${length.toLocaleString("en-US")} characters long; the limit is ${MAX_PROMPT_LENGTH.toLocaleString("en-US")}. Describe the app in fewer words and comment again: details can follow later as \`/generate <change>\` comments on the pull request.`,
    };
  }
  return { kind: "generate", prompt };
}

/**
 * Splits a body into lines and marks which are open text (where a command may
 * start) and which are inside code blocks, quotes or HTML comments.
 */
function classifyLines(body: string): Line[] {
  const text = removeHtmlComments(body.replace(/\r\n?/g, "\n"));
  const out: Line[] = [];
  let fence: { char: string; length: number } | null = null;
  let inQuote = false;

  for (const raw of text.split("\n")) {
    if (fence) {
      if (closesFence(raw, fence)) fence = null;
      out.push({ text: raw, open: false });
      continue;
    }
    const blank = raw.trim() === "";
    if (blank) {
      inQuote = false;
      out.push({ text: raw, open: false });
      continue;
    }
    const opener = FENCE_OPEN.exec(raw);
    const opensFence = opener !== null && !(opener[1]!.startsWith("`") && opener[2]!.includes("`"));
    // A quote runs on over following non-blank lines ("lazy continuation"), unless one opens a code block.
    if (QUOTE.test(raw) || (inQuote && !opensFence)) {
      inQuote = true;
      out.push({ text: raw, open: false });
      continue;
    }
    inQuote = false;
    if (opensFence) {
      fence = { char: opener![1]![0]!, length: opener![1]!.length };
      out.push({ text: raw, open: false });
      continue;
    }
    out.push({ text: raw, open: true });
  }
  return out;
}

/** A closing fence: up to 3 spaces, the opener's character at least as many times, nothing else. */
function closesFence(line: string, fence: { char: string; length: number }): boolean {
  const match = /^ {0,3}(`+|~+)[ \t]*$/.exec(line);
  return match !== null && match[1]![0] === fence.char && match[1]!.length >= fence.length;
}

/**
 * HTML comments are invisible in the rendered comment, so nothing in them
 * counts (an unclosed one hides the rest of the body, as GitHub shows it).
 * Their line breaks are kept so the lines around them stay apart.
 */
function removeHtmlComments(text: string): string {
  return text.replace(/<!--[\s\S]*?(?:-->|$)/g, (comment) => comment.replace(/[^\n]/g, ""));
}
