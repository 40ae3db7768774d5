import { readFile, readdir, realpath, stat } from "node:fs/promises";
import { join, posix } from "node:path";
import ignore, { type Ignore } from "ignore";
import { Pack, Parser } from "tar";

/**
 * The archive `railway up` uploads (reference §1.3, `src/controllers/upload.rs`
 * of railwayapp/cli): a gzip of a tar whose entries are named
 * `./relative/path`, without `.git` and `node_modules`, honouring `.gitignore`
 * and `.railwayignore` (gitignore rules, via `ignore`), following symlinks and
 * skipping dangling ones (a symlink loop is cut where it would re-enter a
 * directory being walked; the CLI fails on one instead).
 *
 * Also never uploaded (ours, not the CLI's): `.env` and `.env.*` files other
 * than `.env.example` / `.env.sample` / `.env.template`. On Railway the
 * environment comes from service variables, and a dotenv file written into a
 * checkout (`stackwright provision --dotenv`) holds secrets.
 *
 * The walk is ours because node-tar's own recursion knows neither ignore files
 * nor symlink loops; node-tar then writes exactly the walked entries.
 */

const ALWAYS_SKIPPED = new Set([".git", "node_modules"]);
const IGNORE_FILES = [".gitignore", ".railwayignore"];
const DOTENV_KEPT = /^\.env\.(example|sample|template)$/;

export interface TarballEntry {
  /** POSIX path relative to the root, without `./` or a trailing `/`. */
  path: string;
  type: "file" | "dir";
  /** Bytes of a file's contents (0 for a directory). */
  size: number;
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

/** The ignore files of one directory; their patterns are relative to it. */
interface IgnoreScope {
  /** Relative to the root ("" for the root). */
  base: string;
  rules: Ignore;
}

async function readScope(dir: string, base: string): Promise<IgnoreScope | undefined> {
  const texts = await Promise.all(IGNORE_FILES.map((name) => readFile(join(dir, name), "utf8").catch(() => "")));
  if (texts.every((text) => text === "")) return undefined;
  return { base, rules: ignore().add(texts.join("\n")) }; // one string: `add` splits only a string into lines
}

/** As in git, the deepest ignore file with a rule matching `path` decides; within a file, the last matching rule. */
function ignored(path: string, isDir: boolean, scopes: readonly IgnoreScope[]): boolean {
  let result = false;
  for (const { base, rules } of scopes) {
    const relative = base === "" ? path : path.slice(base.length + 1);
    const parent = posix.dirname(relative);
    // `ignore` also excludes whatever is under a directory these rules exclude. The walk reaches such a
    // path only when a deeper ignore file re-included that directory; these rules then have no say
    // (git would still apply their patterns that name the path itself: a corner not worth hand-matching).
    if (parent !== "." && rules.ignores(`${parent}/`)) continue;
    const verdict = rules.test(isDir ? `${relative}/` : relative);
    if (verdict.ignored) result = true;
    else if (verdict.unignored) result = false;
  }
  return result;
}

/** The files and directories that go into the archive, sorted by path. */
export async function collectEntries(root: string): Promise<TarballEntry[]> {
  const rootStat = await stat(root); // throws for a missing root (never upload an empty tree by mistake)
  if (!rootStat.isDirectory()) throw new Error(`${root} is not a directory`);
  const entries: TarballEntry[] = [];

  /** `ancestors`: real paths of the directories being walked, to stop at a symlink loop (a link to a directory elsewhere is archived again, as the CLI does). */
  async function walk(dir: string, relDir: string, inherited: readonly IgnoreScope[], ancestors: ReadonlySet<string>): Promise<void> {
    const own = await readScope(dir, relDir);
    const scopes = own ? [...inherited, own] : inherited;
    for (const name of (await readdir(dir)).sort()) {
      if (ALWAYS_SKIPPED.has(name)) continue;
      if ((name === ".env" || name.startsWith(".env.")) && !DOTENV_KEPT.test(name)) continue;
      const abs = join(dir, name);
      const path = relDir === "" ? name : `${relDir}/${name}`;
      let info;
      try {
        info = await stat(abs); // follows symlinks, as the CLI does
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") continue; // dangling link, or removed while walking
        throw error;
      }
      const isDir = info.isDirectory();
      if (!isDir && !info.isFile()) continue; // sockets, fifos, devices
      if (ignored(path, isDir, scopes)) continue;
      if (isDir) {
        const real = await realpath(abs);
        if (ancestors.has(real)) continue;
        entries.push({ path, type: "dir", size: 0 });
        await walk(abs, path, scopes, new Set([...ancestors, real]));
      } else {
        entries.push({ path, type: "file", size: info.size });
      }
    }
  }

  await walk(root, "", [], new Set([await realpath(root)]));
  return entries;
}

/** Builds gzip(tar) of `root` as `railway up` would upload it. */
export async function createDeployTarball(root: string): Promise<DeployTarball> {
  const entries = await collectEntries(root);
  // `portable`: no owner, atime, ctime or directory mtime, and no group/other write bits.
  const pack = new Pack({ cwd: root, gzip: true, portable: true, follow: true, noDirRecurse: true });
  const body = pack.concat();
  for (const entry of entries) pack.add(`./${entry.path}`);
  pack.end();
  const files = entries.filter((entry) => entry.type === "file");
  return { body: await body, files: files.length, contentBytes: files.reduce((sum, file) => sum + file.size, 0), entries };
}

/** For tests and diagnostics: the entries of an uncompressed tar, as node-tar reads them (`type`: "File", "Directory", ...). */
export function readTar(tar: Buffer): { name: string; type: string; data: Buffer }[] {
  const out: { name: string; type: string; data: Buffer }[] = [];
  // node-tar parses a Buffer synchronously: every entry has been read when end() returns.
  const parser = new Parser({
    onReadEntry: (entry) => {
      const chunks: Buffer[] = [];
      entry.on("data", (chunk: Buffer) => chunks.push(chunk));
      entry.on("end", () => out.push({ name: entry.path, type: entry.type, data: Buffer.concat(chunks) }));
    },
  });
  parser.end(tar);
  return out;
}
