import type { UsageStore } from "./types.js";

/** Daily use in this process's memory: for the CLI, tests, and an App without a database. */
export class MemoryUsageStore implements UsageStore {
  private readonly totals = new Map<string, number>();

  private key(scope: string, day: string): string {
    return `${day}\u0000${scope}`;
  }

  async reserve(scope: string, day: string, tokens: number, cap: number): Promise<boolean> {
    const key = this.key(scope, day);
    const total = (this.totals.get(key) ?? 0) + tokens;
    if (total > cap) return false;
    this.totals.set(key, total);
    return true;
  }

  async adjust(scope: string, day: string, delta: number): Promise<void> {
    const key = this.key(scope, day);
    this.totals.set(key, Math.max(0, (this.totals.get(key) ?? 0) + delta));
  }

  async used(scope: string, day: string): Promise<number> {
    return this.totals.get(this.key(scope, day)) ?? 0;
  }
}
