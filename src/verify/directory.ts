import { lstat, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { GeneratedFile } from "../parse/types.js";
import type { VerifyOptions, VerifyReport } from "./types.js";
import { verifyFiles } from "./verify.js";

/** Directories that hold dependencies, build output or caches, never the app's own source. */
export const IGNORED_DIRS: ReadonlySet<string> = new Set([
  "node_modules",
  ".git",
  "dist",
  "build",
  "out",
  ".next",
  ".nuxt",
  ".vite",
  ".turbo",
  ".vercel",
  ".cache",
  "coverage",
  "__pycache__",
  ".venv",
  "venv",
  ".pytest_cache",
  ".mypy_cache",
  ".ruff_cache",
]);

/** Extensions of files that are never text. */
const BINARY_EXT = /\.(?:png|jpe?g|gif|webp|avif|ico|bmp|tiff?|woff2?|ttf|otf|eot|pdf|zip|gz|tgz|bz2|xz|7z|tar|jar|wasm|so|dylib|dll|exe|bin|class|pyc|mp3|mp4|wav|ogg|webm|mov|sqlite|db)$/i;

export interface VerifyDirectoryOptions extends VerifyOptions {
  /** Files larger than this are skipped (default 2 MB): generated apps have none; lockfiles fit. */
  maxFileBytes?: number;
}

/**
 * Reads a generated app from disk (skipping dependency, build and cache
 * directories, symlinks, binary and oversized files) and verifies it.
 */
export async function verifyDirectory(dir: string, options: VerifyDirectoryOptions = {}): Promise<VerifyReport> {
  return verifyFiles(await readAppFiles(dir, options.maxFileBytes), options);
}

/** The app's text files, with POSIX paths relative to `dir`, sorted. */
export async function readAppFiles(dir: string, maxFileBytes = 2 * 1024 * 1024): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const walk = async (abs: string, rel: string): Promise<void> => {
    const entries = await readdir(abs, { withFileTypes: true });
    for (const entry of entries) {
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      const absPath = join(abs, entry.name);
      if (entry.isDirectory()) {
        if (!IGNORED_DIRS.has(entry.name)) await walk(absPath, relPath);
        continue;
      }
      if (!entry.isFile() || BINARY_EXT.test(entry.name)) continue; // symlinks, sockets, binaries
      const info = await lstat(absPath);
      if (info.size > maxFileBytes) continue;
      const bytes = await readFile(absPath);
      if (bytes.subarray(0, 8000).includes(0)) continue;
      let content: string;
      try {
        content = decoder.decode(bytes);
      } catch {
        continue; // not UTF-8: not a source file
      }
      files.push({ path: relPath, content });
    }
  };
  await walk(dir, "");
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
