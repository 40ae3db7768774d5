import type { PhaseEvent, PhaseListener } from "../pipeline/phases.js";

/**
 * Shows phases on stderr as they run. On a terminal a phase's line appears
 * when it starts and is completed in place; elsewhere (CI logs, pipes) only
 * finished phases are printed, one line each.
 */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): PhaseListener {
  const interactive = stream.isTTY === true;
  return (event: PhaseEvent) => {
    if (event.status === "start") {
      if (interactive) stream.write(`  … ${event.label}`);
      return;
    }
    const mark = event.status === "done" ? "✔" : "✖";
    const detail = event.detail ? `  ${event.detail}` : "";
    const line = `  ${mark} ${event.label}${detail} (${formatDuration(event.durationMs ?? 0)})\n`;
    stream.write(interactive ? `\r\x1b[2K${line}` : line);
  };
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
