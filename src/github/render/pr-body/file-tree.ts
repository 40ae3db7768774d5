import { codeFence, count } from "../markdown.js";
import type { PullRequestBodyInput } from "./types.js";

/** Lines of tree drawing shown by default; the description's size limit may lower it. */
export const DEFAULT_TREE_LINES = 400;

interface Directory {
  dirs: Map<string, Directory>;
  files: string[];
}

/**
 * A `tree`-style drawing of the paths: directories first, then files, each
 * sorted; at most `maxLines` lines (the `.` root line included), then a line
 * saying how many files are not shown. Returns the drawing and how many files
 * it shows.
 */
export function drawFileTree(paths: readonly string[], maxLines: number = DEFAULT_TREE_LINES): { text: string; shownFiles: number } {
  const root: Directory = { dirs: new Map(), files: [] };
  for (const path of paths) {
    const segments = path.replace(/[\u0000-\u001f\u007f]/g, "?").split("/").filter(Boolean);
    let dir = root;
    for (const segment of segments.slice(0, -1)) {
      let next = dir.dirs.get(segment);
      if (!next) {
        next = { dirs: new Map(), files: [] };
        dir.dirs.set(segment, next);
      }
      dir = next;
    }
    const name = segments[segments.length - 1];
    if (name !== undefined) dir.files.push(name);
  }

  const lines: string[] = ["."];
  let shownFiles = 0;
  const walk = (dir: Directory, prefix: string): void => {
    const entries = [
      ...[...dir.dirs.keys()].sort(compare).map((name) => ({ name, sub: dir.dirs.get(name) ?? null })),
      ...[...dir.files].sort(compare).map((name) => ({ name, sub: null })),
    ];
    for (const [i, entry] of entries.entries()) {
      if (lines.length >= maxLines) return;
      const last = i === entries.length - 1;
      lines.push(`${prefix}${last ? "└── " : "├── "}${entry.name}${entry.sub ? "/" : ""}`);
      if (entry.sub) walk(entry.sub, `${prefix}${last ? "    " : "│   "}`);
      else shownFiles += 1;
    }
  };
  walk(root, "");
  const hidden = paths.length - shownFiles;
  if (hidden > 0) lines.push(`… and ${count(hidden, "more file")}`);
  return { text: lines.join("\n"), shownFiles };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The generated files as a collapsed tree. `maxLines` 0 leaves the drawing
 * out; `cutForSize` says the tree was shortened to fit the description's limit.
 */
export function fileTreeSection(input: PullRequestBodyInput, maxLines: number = DEFAULT_TREE_LINES, cutForSize = false): string {
  const paths = input.files.map((f) => f.path);
  const heading = `<details><summary>📁 ${count(paths.length, "generated file")}</summary>`;
  if (maxLines <= 0) {
    return [heading, "", "The file tree is left out to keep this description within GitHub's size limit; browse the branch to see every file.", "", "</details>"].join("\n");
  }
  const { text, shownFiles } = drawFileTree(paths, maxLines);
  const note =
    cutForSize && shownFiles < paths.length
      ? [`Showing ${shownFiles} of ${paths.length} files to keep this description within GitHub's size limit; browse the branch to see every file.`, ""]
      : [];
  return [heading, "", ...note, codeFence(text, "text"), "", "</details>"].join("\n");
}
