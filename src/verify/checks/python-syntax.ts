import type { VerifyContext } from "../context.js";
import { plural } from "../../util/text.js";
import { runProcess } from "../lib/process.js";
import type { Check, CheckOutcome } from "../types.js";

/**
 * Compiles every file in memory (`compile()`, no .pyc written) in one python3
 * process, sources on stdin as JSON, errors back as JSON.
 */
const SCRIPT = `
import sys, json, warnings
warnings.simplefilter("ignore")
files = json.loads(sys.stdin.buffer.read().decode("utf-8"))
errors = []
for f in files:
    try:
        compile(f["source"], f["path"], "exec", dont_inherit=True)
    except SyntaxError as e:
        errors.append({"path": f["path"], "line": e.lineno or 1, "col": e.offset, "msg": e.msg})
    except (ValueError, TypeError, RecursionError, MemoryError) as e:
        errors.append({"path": f["path"], "line": 1, "col": None, "msg": str(e) or type(e).__name__})
sys.stdout.write(json.dumps({"version": sys.version.split()[0], "errors": errors}))
`;

const TIMEOUT_MS = 60_000;

interface PythonErrors {
  version: string;
  errors: Array<{ path: string; line: number; col: number | null; msg: string }>;
}

type Started = Promise<CheckOutcome>;
const started = new WeakMap<VerifyContext, Started>();

function start(ctx: VerifyContext): Started {
  let run = started.get(ctx);
  if (run) return run;
  run = compileAll(ctx);
  started.set(ctx, run);
  return run;
}

async function compileAll(ctx: VerifyContext): Promise<CheckOutcome> {
  const files = ctx.files.filter((f) => f.path.endsWith(".py"));
  if (files.length === 0) return { findings: [], skipped: "no Python files" };
  const python = ctx.options.tools?.python3 === undefined ? "python3" : ctx.options.tools.python3;
  if (python === null) return { findings: [], skipped: "python3 not available" };
  const input = JSON.stringify(files.map((f) => ({ path: f.path, source: f.content })));
  const result = await runProcess(python, ["-I", "-c", SCRIPT], input, TIMEOUT_MS);
  if (!result.found) return { findings: [], skipped: `${python} not found` };
  if (result.timedOut) return { findings: [], skipped: `${python} did not finish within ${TIMEOUT_MS / 1000} s` };
  let parsed: PythonErrors;
  try {
    parsed = JSON.parse(result.stdout) as PythonErrors;
  } catch {
    return { findings: [], skipped: `${python} failed: ${result.stderr.trim().split("\n").pop() ?? `exit ${result.code}`}` };
  }
  const findings: CheckOutcome["findings"] = parsed.errors.map((e) => ({
    severity: "error",
    file: e.path,
    line: Math.max(1, e.line),
    ...(e.col && e.col > 0 ? { column: e.col } : {}),
    message: `Python: ${e.msg}`,
  }));
  return { findings, detail: `${plural(files.length, "file")}, Python ${parsed.version}` };
}

/** Every .py file compiles, when python3 exists. */
export const pythonSyntaxCheck: Check<VerifyContext> & { warmUp(ctx: VerifyContext): void } = {
  id: "python-syntax",
  title: "Python compiles",
  /** Starts python3 early so it runs while the other checks do. */
  warmUp(ctx) {
    void start(ctx);
  },
  run(ctx) {
    return start(ctx);
  },
};
