import { spawn } from "node:child_process";

export type ProcessResult = { found: false } | { found: true; code: number | null; stdout: string; stderr: string; timedOut: boolean };

/** Runs a command with `input` on stdin; `found: false` when the command does not exist. Never throws for the command's own failure. */
export function runProcess(command: string, args: readonly string[], input: string, timeoutMs: number): Promise<ProcessResult> {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"], windowsHide: true });
    } catch {
      resolve({ found: false });
      return;
    }
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.on("data", (b: Buffer) => stdout.push(b));
    child.stderr.on("data", (b: Buffer) => stderr.push(b));
    child.on("error", (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(err.code === "ENOENT" || err.code === "EACCES" ? { found: false } : { found: true, code: null, stdout: "", stderr: err.message, timedOut });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ found: true, code, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8"), timedOut });
    });
    // A child that exits early (or never existed) closes stdin; that is not our error.
    child.stdin.on("error", () => {});
    child.stdin.end(input);
  });
}
