import { FileBlockParser, type ParseEvent } from "../../../src/parse/file-blocks.js";
import type { PathPolicy } from "../../../src/parse/path-policy.js";

/** mulberry32: a small seeded PRNG, so randomized tests are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs the parser over the chunks and returns all events, adjacent prose merged (prose splits follow the chunks). */
export function runChunks(chunks: readonly string[], policy?: Partial<PathPolicy>): ParseEvent[] {
  const parser = new FileBlockParser(policy);
  const events: ParseEvent[] = [];
  for (const c of chunks) events.push(...parser.push(c));
  events.push(...parser.end());
  return mergeProse(events);
}

export function mergeProse(events: readonly ParseEvent[]): ParseEvent[] {
  const out: ParseEvent[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (e.type === "prose" && last?.type === "prose") out[out.length - 1] = { type: "prose", text: last.text + e.text };
    else out.push(e);
  }
  return out;
}

export const files = (events: readonly ParseEvent[]) => events.filter((e) => e.type === "file");
export const ofType = <T extends ParseEvent["type"]>(events: readonly ParseEvent[], type: T) =>
  events.filter((e): e is Extract<ParseEvent, { type: T }> => e.type === type);
