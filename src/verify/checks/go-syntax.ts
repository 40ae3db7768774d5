import type { VerifyContext } from "../context.js";
import { runProcess } from "../lib/process.js";
import { plural } from "../../util/text.js";
import type { Check, CheckOutcome } from "../types.js";

const TIMEOUT_MS = 30_000;
const CONCURRENCY = 4;

/** `<standard input>:12:5: expected ';', found 'EOF'` → line, column, message (gofmt -e). */
export function parseGofmtErrors(stderr: string): Array<{ line: number; column?: number; message: string }> {
  const out: Array<{ line: number; column?: number; message: string }> = [];
  for (const m of stderr.matchAll(/^<standard input>:(\d+)(?::(\d+))?:\s*(.+)$/gm)) {
    out.push({ line: Number(m[1]), ...(m[2] ? { column: Number(m[2]) } : {}), message: m[3]!.trim() });
  }
  return out;
}

/** Every .go file parses, checked with `gofmt -e` when gofmt exists. */
export const goSyntaxCheck: Check<VerifyContext> = {
  id: "go-syntax",
  title: "Go parses (gofmt)",
  async run(ctx): Promise<CheckOutcome> {
    const files = ctx.files.filter((f) => f.path.endsWith(".go"));
    if (files.length === 0) return { findings: [], skipped: "no Go files" };
    const gofmt = ctx.options.tools?.gofmt === undefined ? "gofmt" : ctx.options.tools.gofmt;
    if (gofmt === null) return { findings: [], skipped: "gofmt not available" };
    const findings: CheckOutcome["findings"] = [];
    let missing = false;
    let next = 0;
    const worker = async () => {
      while (!missing && next < files.length) {
        const file = files[next++]!;
        const result = await runProcess(gofmt, ["-e"], file.content, TIMEOUT_MS);
        if (!result.found) {
          missing = true;
          return;
        }
        if (result.code === 0) continue;
        const errors = parseGofmtErrors(result.stderr);
        if (errors.length === 0) errors.push({ line: 1, message: result.timedOut ? "gofmt timed out" : result.stderr.trim() || `gofmt exited with ${result.code}` });
        for (const e of errors) findings.push({ severity: "error", file: file.path, ...e, message: `Go: ${e.message}` });
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker));
    if (missing) return { findings: [], skipped: `${gofmt} not found` };
    return { findings, detail: plural(files.length, "file") };
  },
};
