import { createHash, randomBytes } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";

/**
 * Reusing installed dependencies: a content-addressed store of `node_modules`
 * trees under `<state>/local/cache/node_modules/<fingerprint>/`. After an
 * install, the tree is hard-linked into the store; a later deploy whose
 * fingerprint matches (same dependency declarations and lockfiles, same
 * install command, same NODE_ENV, same Node and platform) hard-links it into
 * its fresh checkout instead of running the install.
 *
 * Why hard links: the copy costs directory entries only (no file data), so a
 * 50 MB tree with a few thousand files is in place in well under a second; each
 * deploy has its own tree, so deleting an old checkout (or the store entry)
 * breaks nothing, unlike a symlink to the previous checkout's node_modules. The
 * cost is shared inodes: a process that rewrites a file inside node_modules in
 * place would change it everywhere, so caches that tools write there (`.vite`,
 * `.cache`) are not carried over, and npm never runs on a linked tree (a
 * mismatch means a fresh install into an empty directory). Across filesystems
 * (EXDEV) the files are copied instead.
 *
 * The store also reuses across apps: generated apps from the same templates
 * declare the same dependencies, and the package name is not part of the fingerprint.
 */

const LOCKFILES = ["package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", ".npmrc"];
const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies", "bundleDependencies", "bundledDependencies", "overrides", "resolutions", "workspaces", "packageManager", "engines"];
/** Scripts npm runs during install, which may write outside node_modules: their result is not in the store, so no reuse. */
const INSTALL_SCRIPTS = ["preinstall", "install", "postinstall", "prepare"];
/** Tool caches inside node_modules, rewritten in place by builds: never shared through hard links. */
const SKIPPED_DIRS = new Set([".cache", ".vite", ".vite-temp"]);

/**
 * Written into a node_modules this module installed or linked: which
 * fingerprint it holds. Such a tree shares files with the store, so it is
 * never installed over (npm may rewrite files in place): a different
 * fingerprint means remove it first.
 */
export const MARKER = ".stackwright-install.json";

export function readMarker(dir: string): string | undefined {
  try {
    const value = JSON.parse(readFileSync(join(dir, "node_modules", MARKER), "utf8")) as { fingerprint?: unknown };
    return typeof value.fingerprint === "string" ? value.fingerprint : undefined;
  } catch {
    return undefined;
  }
}

export function writeMarker(dir: string, fingerprint: string): void {
  try {
    writeFileSync(join(dir, "node_modules", MARKER), JSON.stringify({ fingerprint }));
  } catch {
    // no node_modules (an install that made none): nothing to mark
  }
}

/**
 * The fingerprint of what `install` would produce in `dir`, or undefined when
 * the result cannot be reused (no package.json, or install-time scripts).
 */
export function installFingerprint(dir: string, installArgv: readonly string[], env: Record<string, string>): string | undefined {
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const scripts = (pkg.scripts ?? {}) as Record<string, unknown>;
  if (INSTALL_SCRIPTS.some((name) => scripts[name] !== undefined)) return undefined;
  const hash = createHash("sha256");
  const add = (label: string, value: unknown) => hash.update(`${label}\0${JSON.stringify(value ?? null)}\0`);
  for (const field of DEPENDENCY_FIELDS) add(field, pkg[field]);
  for (const file of LOCKFILES) {
    const path = join(dir, file);
    add(file, existsSync(path) ? createHash("sha256").update(readFileSync(path)).digest("hex") : null);
  }
  add("argv", installArgv);
  const installEnv = Object.entries(env)
    .filter(([name]) => name === "NODE_ENV" || /^npm_config_(omit|include|production|only|legacy_peer_deps|registry)$/i.test(name))
    .sort(([a], [b]) => a.localeCompare(b));
  add("env", installEnv);
  add("runtime", [process.versions.node.split(".")[0], process.platform, process.arch]);
  return hash.digest("hex").slice(0, 32);
}

export interface LinkStats {
  files: number;
  copied: boolean;
}

/** Recreates the tree at `src` under `dest` (which must not exist) with hard links; copies when linking across filesystems fails. */
export function linkTree(src: string, dest: string): LinkStats {
  const stats: LinkStats = { files: 0, copied: false };
  const walk = (from: string, to: string) => {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      const source = join(from, entry.name);
      const target = join(to, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(source, target);
      } else if (entry.isSymbolicLink()) {
        symlinkSync(readlinkSync(source), target);
      } else if (entry.isFile()) {
        if (entry.name === MARKER) continue;
        stats.files++;
        if (!stats.copied) {
          try {
            linkSync(source, target);
            continue;
          } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            if (code !== "EXDEV" && code !== "EPERM" && code !== "EMLINK") throw error;
            stats.copied = true;
          }
        }
        copyFileSync(source, target);
      }
    }
  };
  walk(src, dest);
  return stats;
}

export class ModulesStore {
  constructor(
    readonly root: string,
    /** How many fingerprints to keep (least recently used go first). */
    readonly keep = 8,
  ) {}

  private entry(fingerprint: string): string {
    return join(this.root, fingerprint);
  }

  has(fingerprint: string): boolean {
    return existsSync(join(this.entry(fingerprint), "node_modules"));
  }

  /** Links the stored tree into `dir/node_modules`; false when there is none (or `dir` already has one). */
  restore(fingerprint: string, dir: string): LinkStats | undefined {
    const stored = join(this.entry(fingerprint), "node_modules");
    const target = join(dir, "node_modules");
    if (!existsSync(stored) || existsSync(target)) return undefined;
    try {
      const stats = linkTree(stored, target);
      const now = new Date();
      utimesSync(this.entry(fingerprint), now, now);
      return stats;
    } catch (error) {
      rmSync(target, { recursive: true, force: true });
      throw error;
    }
  }

  /** Stores `dir/node_modules` under the fingerprint (no-op when already stored). Never throws: the store is an optimisation. */
  save(fingerprint: string, dir: string): boolean {
    const source = join(dir, "node_modules");
    if (this.has(fingerprint) || !existsSync(source) || !lstatSync(source).isDirectory()) return false;
    const tmp = join(this.root, `.${fingerprint}.${randomBytes(4).toString("hex")}.tmp`);
    try {
      mkdirSync(this.root, { recursive: true, mode: 0o700 });
      linkTree(source, join(tmp, "node_modules"));
      renameSync(tmp, this.entry(fingerprint));
      this.prune();
      return true;
    } catch {
      rmSync(tmp, { recursive: true, force: true });
      return false;
    }
  }

  /** Removes all but the `keep` most recently used entries. */
  prune(): void {
    let entries: { path: string; mtime: number }[];
    try {
      entries = readdirSync(this.root)
        .filter((name) => !name.startsWith("."))
        .map((name) => ({ path: join(this.root, name), mtime: statSync(join(this.root, name)).mtimeMs }));
    } catch {
      return;
    }
    entries.sort((a, b) => b.mtime - a.mtime);
    for (const stale of entries.slice(this.keep)) rmSync(stale.path, { recursive: true, force: true });
  }
}
