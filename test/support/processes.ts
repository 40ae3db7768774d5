import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

/** Helpers for e2e tests that install and run generated apps as real child processes. */

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr interleaved as they arrived. */
  output: string;
  /** stdout alone (e.g. a command's JSON output while progress goes to stderr). */
  stdout: string;
  durationMs: number;
}

/** Runs argv (never a shell string) in `cwd` to completion, capturing stdout and stderr together. */
export function run(argv: readonly string[], options: { cwd: string; env?: Record<string, string | undefined>; timeoutMs?: number }): Promise<RunResult> {
  const [command, ...args] = argv;
  if (!command) throw new Error("run: empty command");
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: mergeEnv(options.env), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 300_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output, stdout, durationMs: Date.now() - started });
    });
  });
}

/** Like `run`, but throws with the command's output when it does not exit 0. */
export async function runOk(argv: readonly string[], options: Parameters<typeof run>[1]): Promise<RunResult> {
  const result = await run(argv, options);
  if (result.code !== 0) {
    throw new Error(`\`${argv.join(" ")}\` in ${options.cwd} exited with ${result.code ?? result.signal}:\n${result.output}`);
  }
  return result;
}

/** `npm install` with the flags that keep it quiet and quick on a warm cache. */
export function npmInstall(cwd: string, extraArgs: readonly string[] = []): Promise<RunResult> {
  return runOk(["npm", "install", "--no-audit", "--no-fund", "--prefer-offline", ...extraArgs], { cwd, timeoutMs: 600_000 });
}

function mergeEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code once it has exited. */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * Spawns a server (argv in `cwd`), then polls `http://127.0.0.1:<port><healthPath>`
 * until it answers 200. Throws with the process output if it exits first or does
 * not become healthy within `timeoutMs`.
 */
export async function startServer(options: {
  argv: readonly string[];
  cwd: string;
  port: number;
  healthPath: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}): Promise<RunningServer> {
  const [command, ...args] = options.argv;
  if (!command) throw new Error("startServer: empty command");
  // detached: the server gets its own process group, so stop() also ends what `npm start` spawned.
  const child = spawn(command, args, { cwd: options.cwd, env: mergeEnv(options.env), stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const url = `http://127.0.0.1:${options.port}`;
  const signalGroup = (signal: NodeJS.Signals) => {
    if (hasExited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      child.kill(signal);
    }
  };
  const server: RunningServer = {
    url,
    child,
    output: () => output,
    async stop(graceMs = 5_000) {
      if (hasExited) return exited;
      signalGroup("SIGTERM");
      const timer = setTimeout(() => signalGroup("SIGKILL"), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`\`${options.argv.join(" ")}\` exited before becoming healthy:\n${output}`);
    try {
      const res = await fetch(url + options.healthPath, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return server;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await server.stop();
  throw new Error(`\`${options.argv.join(" ")}\` did not answer 200 on ${options.healthPath} within ${options.timeoutMs ?? 30_000} ms:\n${output}`);
}
