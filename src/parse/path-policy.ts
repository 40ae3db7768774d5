/**
 * Which paths a generator may write. Generated files land in a real git tree
 * (bolt's parser accepted any path and relied on a browser sandbox; we have
 * none), so every path from a FILE block passes `checkPath` before its content
 * is kept. Pure functions, no I/O.
 */

export interface PathPolicy {
  /** Most distinct files one response may write. */
  maxFiles: number;
  /** Largest file, in UTF-8 bytes. */
  maxFileBytes: number;
  /** Longest path, in characters, after normalisation. */
  maxPathLength: number;
  /** Longest single path segment (file or directory name), in UTF-8 bytes. */
  maxSegmentBytes: number;
  /** Allow `.github/workflows/` (only for workflow files Stackwright renders itself). */
  allowWorkflows: boolean;
  /**
   * When set, the only writable places: a root is a directory (`backend`,
   * `frontend/src`) or a single file (`README.md`); a path is inside it when it
   * equals it or starts with it and `/`. `null`: anywhere (subject to the rest).
   */
  allowedRoots: readonly string[] | null;
}

export const DEFAULT_PATH_POLICY: Readonly<PathPolicy> = Object.freeze({
  maxFiles: 400,
  maxFileBytes: 512 * 1024,
  maxPathLength: 255,
  maxSegmentBytes: 255,
  allowWorkflows: false,
  allowedRoots: null,
});

/** A full policy from a partial one (missing fields take the defaults). */
export function resolvePolicy(policy?: Partial<PathPolicy>): PathPolicy {
  return { ...DEFAULT_PATH_POLICY, ...policy };
}

/** Why a path (or, from the parser, a whole file) was refused. */
export type RejectionCode =
  | "empty"
  | "too-long"
  | "control-character"
  | "absolute"
  | "backslash"
  | "parent-segment"
  | "not-a-file"
  | "segment-too-long"
  | "git-directory"
  | "workflow"
  | "outside-roots"
  // From the parser, not from checkPath:
  | "too-many-files"
  | "too-large";

export type PathCheck = { ok: true; path: string } | { ok: false; code: RejectionCode; reason: string };

// C0 controls (NUL, \t, \n, \r, ...), DEL and the C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const DRIVE = /^[A-Za-z]:/;
/**
 * Names git itself refuses for the repository directory (`verify_path`,
 * CVE-2014-9390): `.git` in any case, with trailing dots or spaces that
 * Windows drops, and the NTFS short name `git~1`.
 */
const GIT_DIR = /^(?:\.git[. ]*|git~1)$/i;

/**
 * Checks a path against the policy. On success, returns it in clean relative
 * POSIX form: `./` segments and repeated slashes removed (`./backend//a.js`
 * becomes `backend/a.js`). On failure, returns a code and a sentence a person
 * can act on. Order of checks: the first that fails is reported.
 */
export function checkPath(path: string, policy?: Partial<PathPolicy>): PathCheck {
  const p = resolvePolicy(policy);
  if (path.trim() === "") return no("empty", "The path is empty.");
  // A cheap bound before any other work on a huge string.
  if (path.length > p.maxPathLength * 4) return no("too-long", tooLong(path.length, p.maxPathLength));
  const control = CONTROL.exec(path);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    return no("control-character", `The path contains a control character (U+${code}); paths must be plain text.`);
  }
  if (path.startsWith("/") || path.startsWith("\\") || DRIVE.test(path)) {
    return no("absolute", `"${path}" is an absolute path; use a path relative to the app's root, such as "backend/src/index.js".`);
  }
  if (path.includes("\\")) return no("backslash", `"${path}" contains a backslash; use forward slashes (POSIX paths).`);

  const segments = path.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.includes("..")) {
    return no("parent-segment", `"${path}" contains a ".." segment; paths may not climb out of their directory.`);
  }
  if (segments.length === 0 || path.endsWith("/") || /(?:^|\/)\.$/.test(path)) {
    return no("not-a-file", `"${path}" names a directory, not a file.`);
  }
  const clean = segments.join("/");
  if (clean.length > p.maxPathLength) return no("too-long", tooLong(clean.length, p.maxPathLength));
  for (const segment of segments) {
    if (Buffer.byteLength(segment, "utf8") > p.maxSegmentBytes) {
      return no("segment-too-long", `A name in "${clean.slice(0, 60)}…" is longer than ${p.maxSegmentBytes} bytes.`);
    }
  }
  if (segments.some((s) => GIT_DIR.test(s))) {
    return no("git-directory", `"${clean}" is inside a .git directory, which holds the repository itself and is never written.`);
  }
  if (!p.allowWorkflows && isWorkflowPath(segments)) {
    return no("workflow", `"${clean}" is a GitHub Actions workflow; workflows are written only when the configuration allows it.`);
  }
  if (p.allowedRoots && !p.allowedRoots.some((root) => isInside(clean, root))) {
    const roots = p.allowedRoots.map((r) => normaliseRoot(r)).join(", ");
    return no("outside-roots", `"${clean}" is outside the writable paths (${roots || "none"}).`);
  }
  return { ok: true, path: clean };
}

function no(code: RejectionCode, reason: string): PathCheck {
  return { ok: false, code, reason };
}

function tooLong(length: number, max: number): string {
  return `The path is ${length} characters long; the limit is ${max}.`;
}

/** `.github/workflows/` at any depth, in any case. */
function isWorkflowPath(segments: readonly string[]): boolean {
  for (let i = 0; i + 1 < segments.length; i++) {
    if (segments[i]!.toLowerCase() === ".github" && segments[i + 1]!.toLowerCase() === "workflows") return true;
  }
  return false;
}

function normaliseRoot(root: string): string {
  return root.split("/").filter((s) => s !== "" && s !== ".").join("/");
}

function isInside(path: string, root: string): boolean {
  const r = normaliseRoot(root);
  if (r === "") return true;
  return path === r || path.startsWith(r + "/");
}
