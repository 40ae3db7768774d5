import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { collectEntries, createDeployTarball, readTar } from "../../../src/deploy/railway/index.js";
import { renderApp } from "../../../templates/index.js";
import { blogSpec } from "../../fixtures/specs.js";

/**
 * The archive the Railway target uploads (what `railway up` sends): which
 * files go in (ignore rules, dotenv files, symlinks) and that the tar is one
 * GNU tar reads back byte for byte, long names included.
 */

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "sw-railway-tar-"));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function write(path: string, text = `${path}\n`): void {
  const abs = join(root, path);
  mkdirSync(join(abs, ".."), { recursive: true });
  writeFileSync(abs, text);
}

async function archived(): Promise<string[]> {
  return (await collectEntries(root)).map((e) => `${e.path}${e.type === "dir" ? "/" : ""}`);
}

describe("ignore patterns", () => {
  // [pattern in the root .gitignore, file written, whether the file stays out]
  it.each([
    ["# comment", "# comment", false],
    ["*.log", "debug.log", true],
    ["*.log", "a/b/debug.log", true],
    ["*.log", "debug.log.txt", false],
    ["/dist", "dist", true],
    ["/dist", "src/dist", false],
    ["dist", "src/dist", true],
    ["docs/*.md", "docs/a.md", true],
    ["docs/*.md", "x/docs/a.md", false], // an inner slash anchors
    ["docs/*.md", "docs/sub/a.md", false],
    ["docs/**/*.md", "docs/sub/deeper/a.md", true],
    ["docs/**/*.md", "docs/a.md", true],
    ["**/tmp", "a/b/tmp", true],
    ["build/**", "build/x/y", true],
    ["build/", "build", false], // a trailing slash matches directories only
    ["build/", "src/build/x", true],
    ["file?.txt", "file1.txt", true],
    ["file[0-9].txt", "file7.txt", true],
    ["file[!0-9].txt", "file7.txt", false],
    ["\\#hash", "#hash", true],
  ])("%j on %j: excluded %s", async (pattern, path, excluded) => {
    write(".gitignore", `   \n${pattern}\n`);
    write(path);
    expect((await archived()).includes(path)).toBe(!excluded);
  });

  it("apply per directory: a deeper file overrides, but nothing under an excluded directory comes back", async () => {
    write(".gitignore", "sub/a/\nout/\n!out/keep.txt\n");
    write("sub/.gitignore", "!a/\n/local.txt\n");
    write("sub/a/x.txt");
    write("sub/a/local.txt"); // `/local.txt` is anchored to sub/
    write("sub/local.txt");
    write("out/keep.txt");
    expect(await archived()).toEqual([".gitignore", "sub/", "sub/.gitignore", "sub/a/", "sub/a/local.txt", "sub/a/x.txt"]);
  });
});

describe("deploy tarball", () => {
  it("leaves out .git, node_modules, dotenv files and what .gitignore / .railwayignore exclude (nested files included), keeps negated files", async () => {
    write("package.json");
    write("src/server.js");
    write(".git/HEAD");
    write("node_modules/express/index.js");
    write("src/node_modules/local/index.js");
    write(".env", "SECRET=1\n");
    write(".env.production", "SECRET=2\n");
    write(".env.example");
    write("debug.log");
    write("keep.log");
    write("coverage/index.html");
    write("src/generated/out.js");
    write("src/.gitignore", "generated/\n");
    write(".gitignore", "*.log\n!keep.log\ncoverage/\n");
    write(".railwayignore", "/tests\n");
    write("tests/app.test.js");
    write("src/tests/helper.js");
    expect(await archived()).toEqual([
      ".env.example",
      ".gitignore",
      ".railwayignore",
      "keep.log",
      "package.json",
      "src/",
      "src/.gitignore",
      "src/server.js",
      "src/tests/",
      "src/tests/helper.js",
    ]);
  });

  it("follows symlinks, skips dangling ones and does not loop", async () => {
    write("real/file.txt");
    symlinkSync("real/file.txt", join(root, "link.txt"));
    symlinkSync("real", join(root, "linkdir"));
    symlinkSync("nowhere", join(root, "dangling"));
    symlinkSync("..", join(root, "real", "up")); // a loop back to the root
    const entries = await collectEntries(root);
    const names = entries.map((e) => e.path);
    expect(names).toContain("link.txt");
    expect(names).not.toContain("dangling");
    // A linked directory is archived under both names (the CLI does the same); the loop back to the root is cut.
    expect(names.filter((n) => n.endsWith("file.txt"))).toEqual(["linkdir/file.txt", "real/file.txt"]);
    expect(names.filter((n) => n.endsWith("/up") || n.includes("/up/"))).toEqual([]);
    expect(names).toEqual(["link.txt", "linkdir", "linkdir/file.txt", "real", "real/file.txt"]);
  });

  it("archives an empty tree as an empty archive, for the target to refuse", async () => {
    write(".env", "SECRET=1\n");
    const tarball = await createDeployTarball(root);
    expect(tarball).toMatchObject({ files: 0, contentBytes: 0, entries: [] });
    expect(readTar(gunzipSync(tarball.body))).toEqual([]);
  });

  it("refuses a missing root instead of uploading an empty tree", async () => {
    await expect(createDeployTarball(join(root, "missing"))).rejects.toThrow(/ENOENT/);
  });

  it("is gzip(tar) with ./-named entries that GNU tar lists and extracts identically, long names and modes included", async () => {
    const longDir = `${"d".repeat(60)}/${"e".repeat(60)}`;
    const veryLong = "f".repeat(130);
    write("package.json", '{"name":"x"}\n');
    write(`${longDir}/file.js`, "long path\n");
    write(`${veryLong}.txt`, "pax name\n");
    write("bin/start.sh", "#!/bin/sh\necho hi\n");
    chmodSync(join(root, "bin/start.sh"), 0o755);
    write("big.bin", "x".repeat(5000));

    const tarball = await createDeployTarball(root);
    expect(tarball.files).toBe(5);
    const tar = gunzipSync(tarball.body);
    expect(tar.length % 512).toBe(0);
    const ours = readTar(tar);
    // node-tar drops a directory's trailing slash when it splits a long name into the ustar prefix and name fields; the type says directory.
    expect(ours.map((e) => e.name)).toEqual(["./big.bin", "./bin/", "./bin/start.sh", `./${"d".repeat(60)}/`, `./${longDir}`, `./${longDir}/file.js`, `./${veryLong}.txt`, "./package.json"]);
    expect(ours.find((e) => e.name === `./${longDir}`)?.type).toBe("Directory");
    expect(ours.find((e) => e.name === "./big.bin")?.data.toString()).toBe("x".repeat(5000));

    if (!existsSync("/usr/bin/tar") && !existsSync("/bin/tar")) return;
    const archive = join(root, "..", `${root.split("/").pop()}.tgz`);
    writeFileSync(archive, tarball.body);
    try {
      const listed = execFileSync("tar", ["-tzvf", archive], { encoding: "utf8" }).trim().split("\n");
      expect(listed.map((l) => l.split(/\s+/).slice(5).join(" ")).sort()).toEqual(ours.map((e) => e.name).sort());
      expect(listed.find((l) => l.endsWith("start.sh"))).toMatch(/^-rwxr-xr-x/);
      expect(listed.find((l) => l.endsWith("package.json"))).toMatch(/^-rw-r--r--/);
      const out = join(root, "..", `${root.split("/").pop()}-out`);
      mkdirSync(out);
      try {
        execFileSync("tar", ["-xzf", archive, "-C", out]);
        expect(execFileSync("cat", [join(out, longDir, "file.js")], { encoding: "utf8" })).toBe("long path\n");
        expect(execFileSync("cat", [join(out, `${veryLong}.txt`)], { encoding: "utf8" })).toBe("pax name\n");
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    } finally {
      rmSync(archive, { force: true });
    }
  });

  it("archives the generated blog backend whole: every rendered file of its directory, nothing else", async () => {
    const rendered = renderApp(blogSpec, { generatorVersion: "0.0.0-test", mode: "offline" });
    const backend = rendered.manifest.services.find((s) => s.role === "backend");
    if (!backend) throw new Error("the blog has a backend");
    for (const file of rendered.files) write(file.path, file.content);
    write(`${backend.dir}/node_modules/pg/index.js`);
    const tarball = await createDeployTarball(join(root, backend.dir));
    const files = readTar(gunzipSync(tarball.body))
      .filter((e) => e.type === "File")
      .map((e) => e.name.slice(2))
      .sort();
    const expected = rendered.files
      .filter((f) => f.path.startsWith(`${backend.dir}/`))
      .map((f) => f.path.slice(backend.dir.length + 1))
      .filter((p) => !/(^|\/)\.env(\.|$)/.test(p) || /\.env\.(example|sample|template)$/.test(p))
      .sort();
    expect(files).toEqual(expected);
    expect(files).toContain("package.json");
  });
});
