import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";
import type { GeneratedFile } from "../parse/types.js";

export class OutputNotEmptyError extends Error {
  constructor(readonly dir: string) {
    super(`${dir} is not empty. Choose another --out directory, or pass --force to replace its contents.`);
    this.name = "OutputNotEmptyError";
  }
}

/**
 * Writes an app into `dir` so that it is never half-written: everything goes to
 * a sibling temporary directory first, which then replaces `dir` in one rename.
 * A non-empty `dir` is refused unless `force`; with `force` its old contents
 * are removed only after the new tree is complete.
 */
export async function writeAppDirectory(dir: string, files: GeneratedFile[], options: { force?: boolean } = {}): Promise<string> {
  const target = resolve(dir);
  const existing = await assertWritable(dir, options.force === true);

  await mkdir(dirname(target), { recursive: true });
  const staging = join(dirname(target), `.${basename(target)}.stackwright-${randomBytes(4).toString("hex")}`);
  try {
    for (const file of files) {
      const path = resolve(staging, file.path);
      if (!path.startsWith(staging + sep)) throw new Error(`refusing to write outside the output directory: ${file.path}`);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.content);
    }
    if (existing === "empty") await rmdir(target);
    if (existing !== "non-empty") {
      await rename(staging, target);
    } else {
      const old = `${staging}.old`;
      await rename(target, old);
      await rename(staging, target);
      await rm(old, { recursive: true, force: true });
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return target;
}

/** Fails as writeAppDirectory would (a file, or a non-empty directory without force), before any work is done. */
export async function assertWritable(dir: string, force: boolean): Promise<"missing" | "empty" | "non-empty"> {
  const existing = await inspect(resolve(dir));
  if (existing === "file") throw new Error(`${dir} exists and is not a directory.`);
  if (existing === "non-empty" && !force) throw new OutputNotEmptyError(dir);
  return existing;
}

async function inspect(dir: string): Promise<"missing" | "empty" | "non-empty" | "file"> {
  try {
    if (!(await stat(dir)).isDirectory()) return "file";
    return (await readdir(dir)).length === 0 ? "empty" : "non-empty";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    throw error;
  }
}
