import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, PermanentJobError } from "../../../src/jobs/index.js";
import { errorMessage, isPermanent } from "../../../src/jobs/errors.js";
import { normalizeRequest, policyFor, retryDelayMs } from "../../../src/jobs/policy.js";

describe("job policy", () => {
  it("merges defaults, the queue's policy and the kind's", () => {
    expect(policyFor({}, "generate")).toEqual(DEFAULT_POLICY);
    expect(policyFor({ policy: { attempts: 5 }, policies: { deploy: { attempts: 1, timeoutMs: 1000, retryDelayMs: undefined } } }, "deploy")).toEqual({
      ...DEFAULT_POLICY,
      attempts: 1,
      timeoutMs: 1000,
    });
    expect(() => policyFor({ policy: { attempts: 0 } }, "x")).toThrow(/attempts/);
  });

  it("backs off like pg-boss: delay·2^(n-1)·(1..2)", () => {
    const policy = { ...DEFAULT_POLICY, retryDelayMs: 1000 };
    expect([1, 2, 3].map((n) => retryDelayMs(policy, n, () => 0))).toEqual([1000, 2000, 4000]);
    expect([1, 2, 3].map((n) => retryDelayMs(policy, n, () => 0.999))).toEqual([1999, 3998, 7996]);
    expect(retryDelayMs({ ...policy, retryBackoff: false }, 3)).toBe(1000);
  });

  it("stores payloads as JSON", () => {
    const request = normalizeRequest({ kind: "generate", scope: "o/r#1", key: "k", deliveryId: "", payload: { at: new Date(0), skip: undefined } as never });
    expect(request).toEqual({ kind: "generate", scope: "o/r#1", key: "k", deliveryId: null, payload: { at: "1970-01-01T00:00:00.000Z" } });
    // jsonb cannot hold U+0000; a backslash followed by "u0000" is ordinary text and stays.
    expect(normalizeRequest({ kind: "generate", scope: "s", key: "k", payload: { a: "x\u0000y", b: "\\u0000", c: "\\\u0000" } }).payload).toEqual({ a: "x\ufffdy", b: "\\u0000", c: "\\\ufffd" });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => normalizeRequest({ kind: "generate", scope: "s", key: "k", payload: cyclic as never })).toThrow(/not JSON/);
  });

  it("recognises permanent errors and keeps messages short", () => {
    expect(isPermanent(new PermanentJobError("no"))).toBe(true);
    expect(isPermanent(new Error("no"))).toBe(false);
    expect(errorMessage(new Error("x".repeat(5000)))).toHaveLength(2001);
    expect(errorMessage("plain")).toBe("plain");
  });
});
