/**
 * Wall time of `stackwright generate` for the blog prompt, through the real CLI
 * (process start, spec, templates, FILE-block round trip, analysis, atomic
 * write), plus the in-process pipeline alone. Prints figures; asserts nothing.
 *
 *   npx tsx bench/generate.ts [--runs 7]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OfflineGenerator } from "../src/generate/offline.js";
import { generateApp } from "../src/pipeline/generate-app.js";

const PROMPT = "Create a blog app with Express backend and React frontend";
const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 7;
const root = join(import.meta.dirname, "..");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit" });
const scratch = mkdtempSync(join(tmpdir(), "stackwright-bench-"));
try {
  const cli: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync("node", [join(root, "bin/stackwright.js"), "generate", PROMPT, "--out", join(scratch, `blog-${i}`)], { encoding: "utf8" });
    cli.push(performance.now() - started);
    if (result.status !== 0) throw new Error(`generate failed:\n${result.stderr}`);
  }

  const inProcess: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await generateApp(PROMPT, { generator: new OfflineGenerator() });
    inProcess.push(performance.now() - started);
  }

  console.log(`stackwright generate "${PROMPT}"`);
  console.log(`  CLI wall time (new process each run, ${runs} runs): median ${fmt(median(cli))}, min ${fmt(Math.min(...cli))}, max ${fmt(Math.max(...cli))}`);
  console.log(`  pipeline in-process (spec → files → analysis):   median ${fmt(median(inProcess))}, first ${fmt(inProcess[0]!)}`);
  console.log(`  target: under 2 s`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
