import { describe, expect, it } from "vitest";
import { formatElapsed, formatPhaseDuration } from "../../../src/github/render/duration.js";
import { codeFence, codeSpan, neutralizeMentions, table, truncate, truncateLines } from "../../../src/github/render/markdown.js";

describe("formatElapsed", () => {
  it.each([
    [0, "<1s"],
    [999, "<1s"],
    [1_000, "1s"],
    [45_600, "45s"],
    [59_999, "59s"],
    [60_000, "1m"],
    [63_000, "1m 3s"],
    [3_599_000, "59m 59s"],
    [3_600_000, "1h"],
    [3_900_000, "1h 5m"],
    [-5, "<1s"],
    [Number.NaN, "<1s"],
  ])("%d ms → %s", (ms, expected) => {
    expect(formatElapsed(ms)).toBe(expected);
  });

  it("shows short phases finer", () => {
    expect(formatPhaseDuration(350.4)).toBe("350ms");
    expect(formatPhaseDuration(1_250)).toBe("1.2s");
    expect(formatPhaseDuration(75_000)).toBe("1m 15s");
  });
});

describe("markdown helpers", () => {
  it("code spans and fences survive backticks in their content", () => {
    expect(codeSpan("a`b")).toBe("``a`b``");
    expect(codeSpan("`x`")).toBe("`` `x` ``");
    expect(codeFence("```js\ncode\n```")).toBe("````\n```js\ncode\n```\n````");
  });

  it("table cells cannot break the table", () => {
    expect(table(["a", "b"], [["x|y", "line\nbreak"]])).toBe("| a | b |\n|---|---|\n| x\\|y | line break |");
  });

  it("neutralises mentions but not e-mail addresses", () => {
    expect(neutralizeMentions("ping @octocat and @org/team")).toBe("ping @\u200doctocat and @\u200dorg/team");
    expect(neutralizeMentions("me@example.com")).toBe("me@example.com");
  });

  it("truncates with an ellipsis, and by whole lines with a note", () => {
    expect(truncate("abcdef", 4)).toBe("abc…");
    expect(truncate("abc", 4)).toBe("abc");
    const cut = truncateLines("1111\n2222\n3333\n4444", 12, (n) => `(${n} cut)`);
    expect(cut.length).toBeLessThanOrEqual(12);
    expect(cut).toBe("1111\n(3 cut)");
  });
});
