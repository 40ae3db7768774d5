import { describe, expect, it } from "vitest";
import { encodeJson, MAX_STATE_MARKER_LENGTH, parsePullRequestState, renderPullRequestStateMarker, type PrState } from "../../../src/github/render/index.js";

const head = "0123456789abcdef0123456789abcdef01234567";
const base: PrState = { version: 1, issue: 7, prompts: ["A blog"], head, jobId: "job-1" };

describe("the PR state marker", () => {
  it("round-trips", () => {
    const marker = renderPullRequestStateMarker(base);
    expect(marker).toMatch(/^<!-- stackwright:state \{.*\} -->$/);
    expect(parsePullRequestState(marker)).toEqual(base);
  });

  it("escapes --, < and > so no prompt can end the HTML comment, and still round-trips", () => {
    const nasty: PrState = { ...base, prompts: ["close it --> <b>now</b>", "---- &amp; -- - \\--", "<!-- nested -->"] };
    const marker = renderPullRequestStateMarker(nasty);
    const inside = marker.slice("<!--".length, -"-->".length);
    expect(inside).not.toContain("--");
    expect(inside).not.toContain(">");
    expect(inside).not.toContain("<");
    expect(parsePullRequestState(`intro\n${marker}\n`)).toEqual(nasty);
  });

  it("keeps JSON valid for negative numbers (no string context needed for them)", () => {
    expect(JSON.parse(encodeJson({ n: -1, s: "a--b" }))).toEqual({ n: -1, s: "a--b" });
  });

  it("survives edits around it: text before and after, CRLF line endings, a quoted older body", () => {
    const marker = renderPullRequestStateMarker(base);
    const newer = { ...base, prompts: ["A blog", "add tags"], head: "f".repeat(40) };
    const body = ["Edited by a human.", "", `> ${marker}`, "", "more notes", renderPullRequestStateMarker(newer), "trailing text"].join("\r\n");
    expect(parsePullRequestState(body)).toEqual(newer);
  });

  it("is null for a missing, broken or foreign marker", () => {
    expect(parsePullRequestState(null)).toBeNull();
    expect(parsePullRequestState("")).toBeNull();
    expect(parsePullRequestState("no marker here")).toBeNull();
    expect(parsePullRequestState('<!-- stackwright:state {"version":1,"issue":7 -->')).toBeNull();
    expect(parsePullRequestState('<!-- stackwright:state {"version":2,"issue":7,"prompts":[],"head":"' + head + '","jobId":"j"} -->')).toBeNull();
    expect(parsePullRequestState('<!-- stackwright:state {"version":1,"issue":7,"prompts":[],"head":"not-a-sha","jobId":"j"} -->')).toBeNull();
  });

  it("drops the oldest prompts to stay under its size cap, always keeping the newest", () => {
    const prompts = Array.from({ length: 40 }, (_, i) => `${i}:` + "p".repeat(3_000));
    const marker = renderPullRequestStateMarker({ ...base, prompts });
    expect(marker.length).toBeLessThanOrEqual(MAX_STATE_MARKER_LENGTH);
    const parsed = parsePullRequestState(marker)!;
    expect(parsed.prompts.at(-1)).toBe(prompts.at(-1));
    expect(parsed.prompts.length).toBeLessThan(prompts.length);
    expect(parsed.prompts).toEqual(prompts.slice(prompts.length - parsed.prompts.length));
  });
});
