/**
 * FILE-block parser benchmark: throughput and memory on a large synthetic
 * response fed in 64 KiB chunks, as a model stream would arrive.
 *
 *   npx tsx bench/parser.ts            # default: ~80 MB response
 *   npx tsx bench/parser.ts --mb 200   # a larger one
 *
 * Prints figures; asserts nothing. See bench/README.md.
 */
import v8 from "node:v8";
import vm from "node:vm";
import { FileBlockParser, parseFileBlocks } from "../src/parse/file-blocks.js";

const MB = 1e6;
const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i === -1 ? NaN : Number(process.argv[i + 1]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/** A collectable-garbage trigger, with or without --expose-gc. */
function getGc(): () => void {
  if (typeof globalThis.gc === "function") return globalThis.gc;
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JS_LINES = [
  'import express from "express";',
  'const router = express.Router();',
  "router.get(\"/api/posts/:id\", requireAuth, async (req, res, next) => {",
  "  try {",
  "    const { rows } = await pool.query(\"SELECT * FROM posts WHERE id = $1\", [req.params.id]);",
  "    if (rows.length === 0) return res.status(404).json({ error: \"post not found\" });",
  "    res.json(toPost(rows[0]));",
  "  } catch (err) {",
  "    next(err);",
  "  }",
  "});",
  "",
  "// Validates the body against the entity's fields; returns a message naming the field.",
  "export function validate(body, fields) {",
  "  for (const field of fields) {",
  "    if (field.required && body[field.name] === undefined) return `${field.name} is required`;",
  "  }",
  "  return null;",
  "}",
  "    const message = `template literal with ${interpolation} and \\`escaped\\` backticks`;",
  "const secret = process.env.JWT_SECRET ?? (process.env.NODE_ENV === \"development\" ? DEV_KEY : undefined);",
];
const PY_LINES = [
  "from fastapi import APIRouter, Depends, HTTPException",
  "router = APIRouter(prefix=\"/api/posts\")",
  "@router.get(\"/{post_id}\")",
  "async def read_post(post_id: UUID, db: Session = Depends(get_db)) -> PostPublic:",
  "    post = db.get(Post, post_id)",
  "    if post is None:",
  "        raise HTTPException(status_code=404, detail=\"post not found\")",
  "    return PostPublic.model_validate(post)",
  "",
];
const MD_LINES = ["# Blog", "", "Run it:", "", "```bash", "npm install && npm start", "```", "", "- Sign up, sign in, write posts.", "~~~", "not a fence for ```` blocks", "~~~"];

interface Shape {
  totalBytes: number;
  largestBytes: number;
}

/** The response as pieces (block heads, lines, fences): a model's output, roughly. */
function* responsePieces(shape: Shape, seed: number): Generator<string> {
  const rand = prng(seed);
  let written = 0;
  let index = 0;
  const bigAt = Math.floor(shape.totalBytes / 2);
  let bigDone = false;
  yield "I'll build the blog app with an Express backend and a React frontend.\n\n";
  while (written < shape.totalBytes) {
    const big = !bigDone && written >= bigAt;
    const kind = big ? "js" : rand() < 0.7 ? "js" : rand() < 0.8 ? "py" : "md";
    const lines = kind === "js" ? JS_LINES : kind === "py" ? PY_LINES : MD_LINES;
    const ext = kind === "js" ? "js" : kind === "py" ? "py" : "md";
    const target = big ? shape.largestBytes : 2_000 + Math.floor(rand() * 60_000);
    const fence = kind === "md" ? "````" : "```";
    const head = `FILE: backend/src/module_${index++}${big ? "_large" : ""}.${ext}\n${fence}${kind === "md" ? "markdown" : ext}\n`;
    yield head;
    let size = 0;
    while (size < target) {
      const line = lines[Math.floor(rand() * lines.length)]! + "\n";
      size += line.length;
      yield line;
    }
    yield `${fence}\n\n`;
    if (rand() < 0.05) yield "Next, the routes for comments.\n\n";
    written += head.length + size + fence.length + 2;
    if (big) bigDone = true;
  }
}

/** The pieces re-cut into exact 64 KiB chunks (fresh strings, not slices of one big text). */
function* chunks(shape: Shape, seed: number): Generator<string> {
  let buf: string[] = [];
  let len = 0;
  for (const piece of responsePieces(shape, seed)) {
    buf.push(piece);
    len += piece.length;
    if (len >= CHUNK) {
      const joined = buf.join("");
      let i = 0;
      for (; i + CHUNK <= joined.length; i += CHUNK) yield joined.slice(i, i + CHUNK);
      const rest = joined.slice(i);
      buf = rest === "" ? [] : [rest];
      len = rest.length;
    }
  }
  if (len > 0) yield buf.join("");
}

const policy = { maxFiles: 1_000_000, maxFileBytes: 64 * MiB };

function throughput(all: readonly string[]): { seconds: number; files: number; largest: number } {
  const parser = new FileBlockParser(policy);
  let files = 0;
  let largest = 0;
  const t0 = performance.now();
  for (const c of all) {
    for (const e of parser.push(c)) {
      if (e.type === "file") {
        files++;
        if (e.content.length > largest) largest = e.content.length;
      }
    }
  }
  parser.end();
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, files, largest };
}

/** Peak heap the parser retains while streaming, sampled after a full GC every few chunks. */
function peakRetained(shape: Shape, gc: () => void): { peak: number; total: number } {
  gc();
  gc();
  const base = process.memoryUsage().heapUsed;
  const parser = new FileBlockParser(policy);
  let peak = 0;
  let total = 0;
  let n = 0;
  for (const c of chunks(shape, 7)) {
    total += c.length;
    // Events are dropped at once: what stays alive is the parser's own state.
    parser.push(c);
    if (++n % 4 === 0) {
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed - base);
    }
  }
  parser.end();
  return { peak, total };
}

function fmt(bytes: number): string {
  return `${(bytes / MiB).toFixed(1)} MiB`;
}

function main(): void {
  const totalMB = arg("mb", 80);
  const shape: Shape = { totalBytes: totalMB * MB, largestBytes: 16 * MiB };
  const gc = getGc();
  console.log(`FILE-block parser benchmark (node ${process.version}, ${CHUNK / 1024} KiB chunks; MB = 10^6 bytes)`);

  // Throughput: chunks generated up front, only push() timed, a full GC before each run.
  const all = [...chunks(shape, 7)];
  const totalBytes = all.reduce((n, c) => n + c.length, 0); // ASCII: characters = bytes
  throughput(all.slice(0, 160)); // warm-up (~10 MiB)
  const runs: Array<ReturnType<typeof throughput>> = [];
  for (let i = 0; i < 5; i++) {
    gc();
    runs.push(throughput(all));
  }
  const rates = runs.map((r) => totalBytes / MB / r.seconds).sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)]!;
  console.log(`\nresponse: ${(totalBytes / MB).toFixed(1)} MB (${fmt(totalBytes)}) in ${all.length} chunks, ${runs[0]!.files} files, largest file ${fmt(runs[0]!.largest)}`);
  console.log(`streaming push(): median ${median.toFixed(0)} MB/s (5 runs: ${rates.map((r) => r.toFixed(0)).join(", ")})`);

  const whole = all.join("");
  all.length = 0;
  gc();
  const t0 = performance.now();
  const parsed = parseFileBlocks(whole, policy);
  const wholeSeconds = (performance.now() - t0) / 1000;
  console.log(`parseFileBlocks(whole string, keeps all files): ${(totalBytes / MB / wholeSeconds).toFixed(0)} MB/s, ${parsed.files.length} files`);

  // Memory: chunks generated on the fly, so nothing but the parser holds the response.
  console.log("\npeak heap retained by the parser while streaming (sampled after a full GC every 256 KiB):");
  for (const largest of [16 * MiB, 2 * MiB]) {
    const { peak, total } = peakRetained({ totalBytes: shape.totalBytes, largestBytes: largest }, gc);
    console.log(
      `  largest file ${fmt(largest).padStart(9)}, total ${fmt(total)}: peak ${fmt(peak)} ` +
        `= ${(peak / largest).toFixed(2)}× the largest file, ${((peak / total) * 100).toFixed(1)}% of the total`,
    );
  }
}

main();
