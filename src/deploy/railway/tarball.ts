import { readFile, readdir, realpath, stat } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/**
 * The archive `railway up` uploads (reference §1.3, `src/controllers/upload.rs`
 * of railwayapp/cli): a gzip of a tar whose entries are named
 * `./relative/path`, without `.git` and `node_modules`, honouring `.gitignore`
 * and `.railwayignore`, following symlinks and skipping dangling ones (a
 * symlink loop is cut where it would re-enter a directory being walked; the
 * CLI fails on one instead).
 *
 * No tar library is among the project's dependencies, and the format needed is
 * small: POSIX ustar headers (512-byte blocks), a PAX `path` record for names
 * that do not fit, two zero blocks at the end. The tree is a service directory
 * of a generated app (kilobytes to a few megabytes), so it is built in memory.
 *
 * Also never uploaded (ours, not the CLI's): `.env` and `.env.*` files other
 * than `.env.example` / `.env.sample` / `.env.template`. On Railway the
 * environment comes from service variables, and a dotenv file written into a
 * checkout (`stackwright provision --dotenv`) holds secrets.
 *
 * The ignore rules are the common subset of gitignore: comments, `!`
 * negation, a trailing `/` for directories, anchoring by a leading or inner
 * `/`, `*`, `?`, `**` and `[...]` classes; a pattern file applies to its own
 * directory and below, and the last matching rule wins. As in git, a file in
 * an excluded directory cannot be re-included.
 */

const ALWAYS_SKIPPED = new Set([".git", "node_modules"]);
const IGNORE_FILES = [".gitignore", ".railwayignore"];
const DOTENV_KEPT = /^\.env\.(example|sample|template)$/;

export interface TarballEntry {
  /** POSIX path relative to the root, without `./`; directories end without `/`. */
  path: string;
  type: "file" | "dir";
  /** Absolute path to read the contents from (symlinks resolved). */
  source: string;
  mode: number;
  size: number;
  mtimeSec: number;
}

export interface DeployTarball {
  /** gzip(tar), ready to POST as application/gzip. */
  body: Buffer;
  /** Files (not directories) in the archive. */
  files: number;
  /** Uncompressed bytes of file contents. */
  contentBytes: number;
  entries: TarballEntry[];
}

interface Rule {
  negate: boolean;
  dirOnly: boolean;
  regex: RegExp;
}

interface RuleSet {
  /** Directory of the pattern file, relative to the root ("" for the root). */
  base: string;
  rules: Rule[];
}

/** One gitignore line as a rule, or undefined for blanks and comments. */
export function parseIgnoreLine(line: string): Rule | undefined {
  let text = line.replace(/\r$/, "");
  // Trailing spaces are ignored unless escaped.
  text = text.replace(/(?<!\\)\s+$/, "");
  if (text === "" || text.startsWith("#")) return undefined;
  let negate = false;
  if (text.startsWith("!")) {
    negate = true;
    text = text.slice(1);
  } else if (text.startsWith("\\!") || text.startsWith("\\#")) {
    text = text.slice(1);
  }
  let dirOnly = false;
  if (text.endsWith("/")) {
    dirOnly = true;
    text = text.replace(/\/+$/, "");
  }
  if (text === "") return undefined;
  const anchored = text.includes("/");
  if (text.startsWith("/")) text = text.slice(1);
  const body = globToRegex(text);
  const regex = new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`);
  return { negate, dirOnly, regex };
}

function globToRegex(glob: string): string {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "*") {
      if (glob[i + 1] === "*") {
        const before = i === 0 || glob[i - 1] === "/";
        const after = glob[i + 2] === "/" || i + 2 === glob.length;
        if (before && after) {
          if (glob[i + 2] === "/") {
            out += "(?:.*/)?";
            i += 2;
          } else {
            out += ".*";
            i += 1;
          }
          continue;
        }
      }
      out += "[^/]*";
    } else if (c === "?") {
      out += "[^/]";
    } else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end === -1) {
        out += "\\[";
        continue;
      }
      let cls = glob.slice(i + 1, end);
      if (cls.startsWith("!")) cls = `^${cls.slice(1)}`;
      out += `[${cls.replace(/\\/g, "\\\\")}]`;
      i = end;
    } else if (c === "\\" && i + 1 < glob.length) {
      out += escapeRegex(glob[i + 1] as string);
      i += 1;
    } else {
      out += escapeRegex(c);
    }
  }
  return out;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** Whether the rule sets exclude `path` (relative to the root). Last matching rule wins. */
function ignored(path: string, isDir: boolean, sets: readonly RuleSet[]): boolean {
  let result = false;
  for (const set of sets) {
    if (set.base !== "" && !path.startsWith(`${set.base}/`)) continue;
    const relative = set.base === "" ? path : path.slice(set.base.length + 1);
    for (const rule of set.rules) {
      if (rule.dirOnly && !isDir) continue;
      if (rule.regex.test(relative)) result = !rule.negate;
    }
  }
  return result;
}

async function readRules(dir: string, base: string): Promise<RuleSet | undefined> {
  const rules: Rule[] = [];
  for (const name of IGNORE_FILES) {
    let text: string;
    try {
      text = await readFile(join(dir, name), "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n")) {
      const rule = parseIgnoreLine(line);
      if (rule) rules.push(rule);
    }
  }
  return rules.length > 0 ? { base, rules } : undefined;
}

/** The files and directories that go into the archive, sorted by path. */
export async function collectEntries(root: string): Promise<TarballEntry[]> {
  const rootStat = await stat(root); // throws for a missing root (never upload an empty tree by mistake)
  if (!rootStat.isDirectory()) throw new Error(`${root} is not a directory`);
  const entries: TarballEntry[] = [];

  /** `ancestors`: real paths of the directories being walked, to stop at a symlink loop (a link to a directory elsewhere is archived again, as the CLI does). */
  async function walk(dir: string, relDir: string, inherited: readonly RuleSet[], ancestors: ReadonlySet<string>): Promise<void> {
    const own = await readRules(dir, relDir);
    const sets = own ? [...inherited, own] : inherited;
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      if (ALWAYS_SKIPPED.has(name)) continue;
      if ((name === ".env" || name.startsWith(".env.")) && !DOTENV_KEPT.test(name)) continue;
      const abs = join(dir, name);
      const rel = relDir === "" ? name : `${relDir}/${name}`;
      let info;
      try {
        info = await stat(abs); // follows symlinks, as the CLI does
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") continue; // dangling link, or removed while walking
        throw error;
      }
      const isDir = info.isDirectory();
      if (!isDir && !info.isFile()) continue; // sockets, fifos, devices
      if (ignored(rel, isDir, sets)) continue;
      const mtimeSec = Math.floor(info.mtimeMs / 1000);
      if (isDir) {
        const real = await realpath(abs);
        if (ancestors.has(real)) continue; // a symlink back to a directory being walked: a loop
        entries.push({ path: rel, type: "dir", source: abs, mode: 0o755, size: 0, mtimeSec });
        await walk(abs, rel, sets, new Set([...ancestors, real]));
      } else {
        entries.push({ path: rel, type: "file", source: abs, mode: info.mode & 0o111 ? 0o755 : 0o644, size: info.size, mtimeSec });
      }
    }
  }

  await walk(root, "", [], new Set([await realpath(root)]));
  return entries;
}

/** Builds gzip(tar) of `root` as `railway up` would upload it. */
export async function createDeployTarball(root: string): Promise<DeployTarball> {
  const entries = await collectEntries(root);
  const blocks: Buffer[] = [];
  let contentBytes = 0;
  let files = 0;
  for (const entry of entries) {
    const name = `./${entry.path}${entry.type === "dir" ? "/" : ""}`;
    const data = entry.type === "file" ? await readFile(entry.source) : Buffer.alloc(0);
    if (entry.type === "file") {
      files++;
      contentBytes += data.length;
    }
    blocks.push(...tarEntry(name, entry.type, entry.mode, entry.mtimeSec, data));
  }
  blocks.push(Buffer.alloc(1024));
  return { body: gzipSync(Buffer.concat(blocks)), files, contentBytes, entries };
}

/** Header (+ PAX header for long names) and padded contents of one entry. */
export function tarEntry(name: string, type: "file" | "dir", mode: number, mtimeSec: number, data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  const split = splitUstarName(name);
  if (!split) {
    // A PAX extended header carrying the full path; the ustar name field gets a truncated fallback.
    const record = paxRecord("path", name);
    out.push(header({ name: "./PaxHeaders/entry", prefix: "", mode: 0o644, size: record.length, mtimeSec, typeflag: "x" }), pad(record));
  }
  const { name: shortName, prefix } = split ?? { name: truncateBytes(name, 100), prefix: "" };
  out.push(header({ name: shortName, prefix, mode, size: data.length, mtimeSec, typeflag: type === "dir" ? "5" : "0" }));
  if (data.length > 0) out.push(pad(data));
  return out;
}

/** ustar keeps names up to 100 bytes, or a `prefix/` of up to 155 bytes plus a name of up to 100. */
function splitUstarName(name: string): { name: string; prefix: string } | undefined {
  if (Buffer.byteLength(name) <= 100) return { name, prefix: "" };
  const trailing = name.endsWith("/") ? "/" : "";
  const bare = trailing ? name.slice(0, -1) : name;
  for (let i = bare.indexOf("/"); i !== -1; i = bare.indexOf("/", i + 1)) {
    const prefix = bare.slice(0, i);
    const rest = bare.slice(i + 1) + trailing;
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100) return { name: rest, prefix };
  }
  return undefined;
}

function truncateBytes(text: string, max: number): string {
  let out = text;
  while (Buffer.byteLength(out) > max) out = out.slice(0, -1);
  return out;
}

/** `"<len> key=value\n"`, where len counts the whole record, its own digits included. */
function paxRecord(key: string, value: string): Buffer {
  const payload = ` ${key}=${value}\n`;
  const payloadBytes = Buffer.byteLength(payload);
  let length = payloadBytes + String(payloadBytes).length;
  if (String(length).length !== String(payloadBytes).length) length = payloadBytes + String(length).length;
  return Buffer.from(`${length}${payload}`);
}

function pad(data: Buffer): Buffer {
  const remainder = data.length % 512;
  return remainder === 0 ? data : Buffer.concat([data, Buffer.alloc(512 - remainder)]);
}

function header(h: { name: string; prefix: string; mode: number; size: number; mtimeSec: number; typeflag: string }): Buffer {
  const block = Buffer.alloc(512);
  const write = (offset: number, length: number, value: string) => block.write(value, offset, Math.min(length, Buffer.byteLength(value)), "utf8");
  const octal = (offset: number, length: number, value: number) => write(offset, length, `${value.toString(8).padStart(length - 1, "0")}\0`);
  write(0, 100, h.name);
  octal(100, 8, h.mode);
  octal(108, 8, 0); // uid
  octal(116, 8, 0); // gid
  octal(124, 12, h.size);
  octal(136, 12, Math.max(0, h.mtimeSec));
  write(148, 8, "        "); // checksum placeholder: spaces while summing
  write(156, 1, h.typeflag);
  write(257, 6, "ustar\0");
  write(263, 2, "00");
  write(265, 32, "root");
  write(297, 32, "root");
  write(345, 155, h.prefix);
  let sum = 0;
  for (const byte of block) sum += byte;
  write(148, 8, `${sum.toString(8).padStart(6, "0")}\0 `);
  return block;
}

/** For tests and diagnostics: the entry names and file contents of an uncompressed tar (ustar + PAX path). */
export function readTar(tar: Buffer): { name: string; type: string; data: Buffer }[] {
  const out: { name: string; type: string; data: Buffer }[] = [];
  let offset = 0;
  let paxPath: string | undefined;
  while (offset + 512 <= tar.length) {
    const block = tar.subarray(offset, offset + 512);
    if (block.every((b) => b === 0)) break;
    const field = (start: number, length: number) => block.subarray(start, start + length).toString("utf8").replace(/\0.*$/s, "");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1) || "0";
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const data = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === "x") {
      const match = /\d+ path=([^\n]*)\n/.exec(data.toString("utf8"));
      paxPath = match?.[1];
      continue;
    }
    out.push({ name: paxPath ?? name, type, data: Buffer.from(data) });
    paxPath = undefined;
  }
  return out;
}
