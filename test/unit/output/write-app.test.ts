import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { OutputNotEmptyError, writeAppDirectory } from "../../../src/output/write-app.js";

const root = mkdtempSync(join(tmpdir(), "stackwright-write-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const files = [
  { path: "README.md", content: "# App\n" },
  { path: "backend/src/server.js", content: "console.log('hi');\n" },
];

describe("writeAppDirectory", () => {
  it("writes a new directory, and into an existing empty one", async () => {
    const fresh = join(root, "fresh");
    await writeAppDirectory(fresh, files);
    expect(readFileSync(join(fresh, "backend/src/server.js"), "utf8")).toBe("console.log('hi');\n");
    const empty = join(root, "empty");
    mkdirSync(empty);
    await writeAppDirectory(empty, files);
    expect(readdirSync(empty).sort()).toEqual(["README.md", "backend"]);
  });

  it("refuses a non-empty directory without force and leaves it untouched", async () => {
    const dir = join(root, "taken");
    mkdirSync(dir);
    writeFileSync(join(dir, "mine.txt"), "keep me");
    await expect(writeAppDirectory(dir, files)).rejects.toBeInstanceOf(OutputNotEmptyError);
    await expect(writeAppDirectory(dir, files)).rejects.toThrow(/--force/);
    expect(readdirSync(dir)).toEqual(["mine.txt"]);
  });

  it("replaces the contents with force, leaving no staging directory behind", async () => {
    const dir = join(root, "forced");
    mkdirSync(dir);
    writeFileSync(join(dir, "old.txt"), "old");
    await writeAppDirectory(dir, files, { force: true });
    expect(readdirSync(dir).sort()).toEqual(["README.md", "backend"]);
    expect(readdirSync(root).filter((n) => n.includes("stackwright-"))).toEqual([]);
  });

  it("writes nothing when a file would land outside the directory", async () => {
    const dir = join(root, "escape");
    await expect(writeAppDirectory(dir, [...files, { path: "../outside.txt", content: "no" }])).rejects.toThrow(/outside the output directory/);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(join(root, "outside.txt"))).toBe(false);
    expect(readdirSync(root).filter((n) => n.includes("stackwright-"))).toEqual([]);
  });

  it("refuses a path that is a file", async () => {
    const file = join(root, "a-file");
    writeFileSync(file, "x");
    await expect(writeAppDirectory(file, files)).rejects.toThrow(/not a directory/);
  });
});
