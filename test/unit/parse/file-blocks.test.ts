import { describe, expect, it } from "vitest";
import { FileBlockParser, parseFileBlockStream, parseFileBlocks } from "../../../src/parse/file-blocks.js";
import { serializeFileBlocks } from "../../../src/parse/serialize.js";
import { files, mergeProse, ofType, prng, runChunks } from "./helpers.js";

const FENCE = "```";

/** A response exercising every rule at once; CRLF in its first part. */
const SAMPLE = [
  "Here is your app.\r\n",
  "\r\n",
  "FILE: backend/src/index.js\r\n",
  "```js\r\n",
  'const express = require("express");\r\n',
  "console.log(`ok`);\r\n",
  "```\r\n",
  "\n",
  "FILE: README.md\n",
  "````markdown\n",
  "# Demo 🚀\n",
  "\n",
  "```bash\n",
  "npm start\n",
  "```\n",
  "````\n",
  "\n",
  "FILE: backend/requirements.txt\n",
  "\n",
  "\n",
  "~~~\n",
  "fastapi==0.110.0\n",
  "```\n",
  "~~~\n",
  "\n",
  "  FILE: frontend/src/app.ts\n",
  "  ```ts\n",
  "  export const a = 1;\n",
  "    indented();\n",
  " one();\n",
  "  ```\n",
  "\n",
  "```FILE: backend/routes/auth.js\n",
  "module.exports = {};\n",
  "```\n",
  "\n",
  "Some prose with a code block of its own:\n",
  "```\n",
  "FILE: not/a/file.txt\n",
  "```\n",
  "\n",
  "FILE: ../etc/passwd\n",
  "```\n",
  "root:x:0:0\n",
  "```\n",
  "\n",
  "FILE: forgot-the-fence.txt\n",
  "just prose\n",
  "\n",
  "FILE: ./backend//src/index.js\n",
  "```js\n",
  "// second version\r wins\n",
  "```\n",
  "FILE: frontend/src/cut.ts\n",
  "```ts\n",
  "export const cut =",
].join("");

describe("FileBlockParser on a whole response", () => {
  const result = parseFileBlocks(SAMPLE);

  it("extracts each file with its content and language", () => {
    expect(result.files).toEqual([
      // Written twice: the last content wins, at the first position.
      { path: "backend/src/index.js", content: "// second version\r wins\n", lang: "js" },
      { path: "README.md", content: "# Demo 🚀\n\n```bash\nnpm start\n```\n", lang: "markdown" },
      { path: "backend/requirements.txt", content: "fastapi==0.110.0\n```\n", lang: "text" },
      // Opened with 2 spaces of indentation: up to 2 are removed from each line.
      { path: "frontend/src/app.ts", content: "export const a = 1;\n  indented();\none();\n", lang: "ts" },
      { path: "backend/routes/auth.js", content: "module.exports = {};\n", lang: "js" },
    ]);
  });

  it("rejects unsafe paths, warns about a marker without a fence and about duplicates, flags the cut block", () => {
    expect(result.rejected).toEqual([
      { path: "../etc/passwd", code: "parent-segment", reason: expect.stringContaining('".." segment'), line: 42 },
    ]);
    expect(result.warnings.map((w) => [w.code, w.path, w.line])).toEqual([
      ["marker-without-fence", "forgot-the-fence.txt", 47],
      ["duplicate-path", "backend/src/index.js", 50],
    ]);
    expect(result.warnings[1]!.message).toBe('"backend/src/index.js" appears more than once in the response; the last version wins.');
    expect(result.truncated).toEqual({ path: "frontend/src/cut.ts", line: 54 });
    expect(result.files.some((f) => f.path === "frontend/src/cut.ts")).toBe(false);
  });

  it("keeps prose, including code blocks that belong to no FILE: line", () => {
    expect(result.prose).toContain("Here is your app.\n");
    expect(result.prose).toContain("```\nFILE: not/a/file.txt\n```\n");
    expect(result.prose).toContain("just prose\n");
    expect(result.prose).not.toContain("FILE: backend");
    expect(result.prose).not.toContain("\r");
  });

  it("normalises the first version's CRLF content too", () => {
    const first = parseFileBlocks(SAMPLE.split("FILE: ./backend")[0]!).files[0]!;
    expect(first).toEqual({ path: "backend/src/index.js", content: 'const express = require("express");\nconsole.log(`ok`);\n', lang: "js" });
  });
});

describe("FileBlockParser with chunks split anywhere", () => {
  const whole = runChunks([SAMPLE]);

  it("gives the same events for every two-chunk split (every UTF-16 position, surrogate pairs included)", () => {
    expect(files(whole)).toHaveLength(6);
    for (let i = 0; i <= SAMPLE.length; i++) {
      const split = runChunks([SAMPLE.slice(0, i), SAMPLE.slice(i)]);
      if (JSON.stringify(split) !== JSON.stringify(whole)) expect(split, `split at ${i}`).toEqual(whole);
    }
  });

  it("gives the same events when fed one character at a time", () => {
    expect(runChunks([...SAMPLE.split("")])).toEqual(whole);
  });

  it("gives the same events for UTF-8 bytes split at every byte and decoded as a stream", () => {
    const bytes = new TextEncoder().encode(SAMPLE);
    for (let i = 0; i <= bytes.length; i += 1) {
      const decoder = new TextDecoder("utf-8");
      const chunks = [decoder.decode(bytes.subarray(0, i), { stream: true }), decoder.decode(bytes.subarray(i), { stream: true }), decoder.decode()];
      const split = runChunks(chunks);
      if (JSON.stringify(split) !== JSON.stringify(whole)) expect(split, `byte split at ${i}`).toEqual(whole);
    }
  });

  it("gives the same events for random chunkings of random responses", async () => {
    const rand = prng(20260127);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const pieces = ["FILE: a.js\n", "FILE: b/c.md\n", "```\n", "````md\n", "~~~\n", "  ```\n", "```js\n", "text line\n", "\r\n", "\n", "x\r", "`", "é🚀", "FILE: ../x\n", "```FILE: d.ts\n", " ``` \n", "    ```\n"];
    for (let round = 0; round < 2000; round++) {
      const text = Array.from({ length: 5 + Math.floor(rand() * 40) }, () => pick(pieces)).join("");
      const expected = runChunks([text], { maxFileBytes: 40 });
      const chunks: string[] = [];
      for (let i = 0; i < text.length; ) {
        const n = 1 + Math.floor(rand() * 12);
        chunks.push(text.slice(i, i + n));
        i += n;
      }
      expect(runChunks(chunks, { maxFileBytes: 40 }), JSON.stringify(text)).toEqual(expected);
      // The async convenience agrees with the events.
      const viaStream = await parseFileBlockStream(chunks, { maxFileBytes: 40 });
      expect(viaStream).toEqual(parseFileBlocks(text, { maxFileBytes: 40 }));
    }
  });

  it("treats \\r and \\n split across chunks as one line break", () => {
    const events = runChunks(["FILE: a.txt\r", "\n```\r", "\nline\r", "\n```\r", "\n"]);
    expect(files(events)).toEqual([{ type: "file", path: "a.txt", content: "line\n", lang: "text", line: 1 }]);
  });

  it("handles lines longer than the marker limit the same way, whole or chunked, and passes long prose on as it arrives", () => {
    const long = "y".repeat(10_000);
    const text = `${long}\nFILE: big.txt\n${FENCE}\n${long}🚀${long}\n${FENCE}\n${long}`;
    const whole = runChunks([text]);
    expect(files(whole)[0]).toMatchObject({ path: "big.txt", content: `${long}🚀${long}\n` });
    const rand = prng(7);
    const chunks: string[] = [];
    for (let i = 0; i < text.length; ) {
      const n = 1 + Math.floor(rand() * 3000);
      chunks.push(text.slice(i, i + n));
      i += n;
    }
    expect(runChunks(chunks)).toEqual(whole);

    // A line exactly at the limit is still a marker, also with CRLF split between \r and \n.
    const limit = new FileBlockParser().markerLineLimit;
    const path = "q".repeat(limit - "FILE: ".length);
    const atLimit = `FILE: ${path}\r\n${FENCE}\r\nx\r\n${FENCE}\r\n`;
    const cut = atLimit.indexOf("\n");
    expect(runChunks([atLimit.slice(0, cut), atLimit.slice(cut)])).toEqual(runChunks([atLimit]));
    expect(ofType(runChunks([atLimit]), "rejected")[0]).toMatchObject({ code: "too-long" });

    const parser = new FileBlockParser();
    const prose: string[] = [];
    for (let i = 0; i < 8; i++) prose.push(...ofType(parser.push("z".repeat(1000)), "prose").map((e) => e.text));
    // No newline yet, but 8000 characters cannot be a marker: most of it was already passed on.
    expect(prose.join("").length).toBeGreaterThan(4000);
  });
});

describe("fences", () => {
  const one = (body: string) => parseFileBlocks(`FILE: f.md\n${body}`);

  it("closes only on a fence of the same character, at least as long, with nothing after it", () => {
    const r = one("````\n```\n```js\n~~~~\n``` x\n    ````\n`````\nafter\n");
    expect(r.files).toEqual([{ path: "f.md", content: "```\n```js\n~~~~\n``` x\n    ````\n", lang: "markdown" }]);
    expect(r.prose).toBe("after\n");
  });

  it("accepts up to 3 spaces before the closing fence and trailing spaces or tabs after it", () => {
    expect(one("```\na\n   ```  \t\n").files[0]!.content).toBe("a\n");
    expect(one("~~~\na\n  ~~~~\n").files[0]!.content).toBe("a\n");
  });

  it("does not open on a backtick line whose info string holds a backtick, or on fewer than 3 characters", () => {
    const r = parseFileBlocks("FILE: a.js\n```js`\n``\nFILE: b.js\n```\nb\n```\n");
    expect(r.warnings.map((w) => [w.code, w.path])).toEqual([["marker-without-fence", "a.js"]]);
    expect(r.files.map((f) => f.path)).toEqual(["b.js"]);
  });

  it("opens after blank lines between the FILE: line and the fence", () => {
    expect(parseFileBlocks("FILE: a.txt\n\n  \n\t\n```\nA\n```\n").files).toEqual([{ path: "a.txt", content: "A\n", lang: "text" }]);
  });

  it("tolerates Markdown around the marker", () => {
    const text = ["**FILE: a.js**", "```js", "1", "```", "### FILE: `b.js`", "```", "2", "```", "FILE:    c.js   ", "```", "3", "```", ""].join("\n");
    expect(parseFileBlocks(text).files.map((f) => [f.path, f.content])).toEqual([
      ["a.js", "1\n"],
      ["b.js", "2\n"],
      ["c.js", "3\n"],
    ]);
  });

  it("reads the seed's variant with the path in the info string", () => {
    const r = parseFileBlocks("Intro\n\n```FILE: backend/routes/auth.js\nconst router = 1;\n```\n\n```FILE: backend/middleware/auth.js\nx\n```\n");
    expect(r.files).toEqual([
      { path: "backend/routes/auth.js", content: "const router = 1;\n", lang: "js" },
      { path: "backend/middleware/auth.js", content: "x\n", lang: "js" },
    ]);
  });

  it("ends content with a newline per line; an empty block is empty; no-final-newline removes the last one", () => {
    expect(one("```\n```\n").files[0]!.content).toBe("");
    expect(one("```\n\n```\n").files[0]!.content).toBe("\n");
    expect(one("```md no-final-newline\nabc\n```\n").files[0]).toEqual({ path: "f.md", content: "abc", lang: "md" });
  });

  it("closes a block on a final fence without a newline", () => {
    const r = parseFileBlocks("FILE: a.txt\n```\nA\n```");
    expect(r.files).toEqual([{ path: "a.txt", content: "A\n", lang: "text" }]);
    expect(r.truncated).toBeNull();
  });
});

describe("malformed output", () => {
  it("reports an unclosed last block as truncated and never as a file", () => {
    const r = parseFileBlocks("FILE: a.js\n```js\nconst a = 1;\n```\nFILE: b.js\n```js\nconst b =\n");
    expect(r.files).toEqual([{ path: "a.js", content: "const a = 1;\n", lang: "js" }]);
    expect(r.truncated).toEqual({ path: "b.js", line: 5 });
  });

  it("warns when a block contains a FILE: line: a missing closing fence makes two files run together", () => {
    const r = parseFileBlocks("FILE: a.js\n```js\nconst a = 1;\n\nFILE: b.js\n```js\nb\n```\n");
    // By the fence rules, "```js" cannot close a block: b.js's block is a.js's content, and its closing fence closes a.js.
    expect(r.files).toEqual([{ path: "a.js", content: "const a = 1;\n\nFILE: b.js\n```js\nb\n", lang: "js" }]);
    expect(r.truncated).toBeNull();
    expect(r.warnings).toEqual([
      {
        code: "marker-in-content",
        path: "a.js",
        line: 5,
        message: '"a.js" contains a FILE: line (line 5 of the response); if a closing fence is missing, two files ran together.',
      },
    ]);
    // Once per file; the same with an indented marker and when fed line by line.
    const twice = "FILE: a.md\n````\n   FILE: x\nFILE: y\n````\n";
    expect(parseFileBlocks(twice).warnings.map((w) => [w.code, w.line])).toEqual([["marker-in-content", 3]]);
    expect(runChunks(twice.split(/(?<=\n)/))).toEqual(runChunks([twice]));
  });

  it("reports a response that stops right after a FILE: line as truncated", () => {
    expect(parseFileBlocks("FILE: ./a/b.js\n\n").truncated).toEqual({ path: "a/b.js", line: 1 });
    expect(parseFileBlocks("FILE: a.js\n```").truncated).toEqual({ path: "a.js", line: 1 });
  });

  it("warns about a FILE: line followed by something other than a fence, and treats that line as prose", () => {
    const r = parseFileBlocks("FILE: a.js\nHere it is:\n```js\nx\n```\n");
    expect(r.warnings).toEqual([
      { code: "marker-without-fence", path: "a.js", line: 1, message: '"FILE: a.js" is not followed by a fenced code block; the line was ignored.' },
    ]);
    expect(r.files).toEqual([]);
    expect(r.prose).toBe("Here it is:\n```js\nx\n```\n");
  });

  it("warns when a second FILE: line replaces one that never got its fence", () => {
    const r = parseFileBlocks("FILE: a.js\nFILE: b.js\n```\nb\n```\n");
    expect(r.warnings.map((w) => w.path)).toEqual(["a.js"]);
    expect(r.files.map((f) => f.path)).toEqual(["b.js"]);
  });

  it("keeps the last of duplicate paths (normalised) with a warning naming the path", () => {
    const r = parseFileBlocks("FILE: a/b.js\n```\n1\n```\nFILE: a/c.js\n```\nc\n```\nFILE: ./a//b.js\n```\n2\n```\n");
    expect(r.files).toEqual([
      { path: "a/b.js", content: "2\n", lang: "js" },
      { path: "a/c.js", content: "c\n", lang: "js" },
    ]);
    expect(r.warnings).toEqual([expect.objectContaining({ code: "duplicate-path", path: "a/b.js", line: 9 })]);
    // Streaming consumers see both versions, the warning just before the second.
    const events = runChunks(["FILE: a/b.js\n```\n1\n```\nFILE: a/b.js\n```\n2\n```\n"]);
    expect(events.map((e) => e.type)).toEqual(["file", "warning", "file"]);
  });

  it("warns about a prose code block left open at the end", () => {
    const r = parseFileBlocks("Example:\n```\nFILE: x.js\n");
    expect(r.files).toEqual([]);
    expect(r.truncated).toBeNull();
    expect(r.warnings.map((w) => w.code)).toEqual(["unclosed-prose-fence"]);
  });

  it("refuses push() after end()", () => {
    const p = new FileBlockParser();
    p.end();
    expect(() => p.push("x")).toThrow(/after end/);
    expect(p.end()).toEqual([]);
  });
});

describe("caps", () => {
  it("rejects files beyond maxFiles, still accepting new versions of files already written", () => {
    const text = serializeFileBlocks([
      { path: "a.txt", content: "a\n" },
      { path: "b.txt", content: "b\n" },
      { path: "c.txt", content: "c\n" },
      { path: "a.txt", content: "a2\n" },
    ]);
    const r = parseFileBlocks(text, { maxFiles: 2 });
    expect(r.files.map((f) => [f.path, f.content])).toEqual([
      ["a.txt", "a2\n"],
      ["b.txt", "b\n"],
    ]);
    expect(r.rejected).toEqual([
      { path: "c.txt", code: "too-many-files", reason: '"c.txt" would be file number 3; a response may write at most 2 files.', line: 11 },
    ]);
  });

  it("rejects a file as soon as it passes maxFileBytes, discards the rest, and goes on with the next file", () => {
    const big = "12345678\n".repeat(10); // 90 bytes
    const text = `FILE: big.txt\n${FENCE}\n${big}${FENCE}\nFILE: small.txt\n${FENCE}\nok\n${FENCE}\n`;
    const r = parseFileBlocks(text, { maxFileBytes: 40 });
    expect(r.files).toEqual([{ path: "small.txt", content: "ok\n", lang: "text" }]);
    expect(r.rejected).toEqual([{ path: "big.txt", code: "too-large", reason: '"big.txt" is larger than the limit of 40 bytes; its content was discarded.', line: 1 }]);

    // Streaming: the rejection comes with the chunk that crosses the limit, long before the block ends.
    const parser = new FileBlockParser({ maxFileBytes: 40 });
    parser.push(`FILE: big.txt\n${FENCE}\n`);
    const pushes = Array.from({ length: 10 }, () => parser.push("12345678\n"));
    expect(pushes.findIndex((events) => events.some((e) => e.type === "rejected"))).toBe(4); // 45 bytes > 40
    expect(pushes.flat().filter((e) => e.type === "rejected")).toHaveLength(1);
  });

  it("counts UTF-8 bytes, not characters, and allows exactly maxFileBytes", () => {
    const content = "é".repeat(10) + "\n"; // 21 bytes
    const text = serializeFileBlocks([{ path: "e.txt", content }]);
    expect(parseFileBlocks(text, { maxFileBytes: 21 }).files).toHaveLength(1);
    expect(parseFileBlocks(text, { maxFileBytes: 20 }).rejected.map((r) => r.code)).toEqual(["too-large"]);
    // Without a final newline, the limit applies to the content itself.
    const noEol = serializeFileBlocks([{ path: "e.txt", content: "é".repeat(10) }]);
    expect(parseFileBlocks(noEol, { maxFileBytes: 20 }).files).toEqual([{ path: "e.txt", content: "é".repeat(10), lang: "text" }]);
  });

  it("reports a policy rejection once, even when the rejected block is also cut off", () => {
    const r = parseFileBlocks("FILE: .git/config\n```\n[core]\n");
    expect(r.rejected.map((x) => x.code)).toEqual(["git-directory"]);
    expect(r.truncated).toEqual({ path: ".git/config", line: 1 });
    expect(r.files).toEqual([]);
  });

  it("applies the whole path policy to markers", () => {
    const r = parseFileBlocks(
      serializeFileBlocks([
        { path: "backend/a.js", content: "" },
        { path: ".github/workflows/ci.yml", content: "on: push\n" },
        { path: "docs/x.md", content: "" },
      ]),
      { allowedRoots: ["backend", ".github"] },
    );
    expect(r.files.map((f) => f.path)).toEqual(["backend/a.js"]);
    expect(r.rejected.map((x) => [x.path, x.code])).toEqual([
      [".github/workflows/ci.yml", "workflow"],
      ["docs/x.md", "outside-roots"],
    ]);
  });
});

describe("events", () => {
  it("carry the line of the FILE: marker and merge prose within a push", () => {
    const parser = new FileBlockParser();
    const events = parser.push("one\ntwo\nFILE: a.txt\n```\nA\n```\nthree\n");
    expect(events).toEqual([
      { type: "prose", text: "one\ntwo\n" },
      { type: "file", path: "a.txt", content: "A\n", lang: "text", line: 3 },
      { type: "prose", text: "three\n" },
    ]);
    expect(parser.end()).toEqual([]);
    expect(mergeProse([{ type: "prose", text: "a" }, { type: "prose", text: "b" }])).toEqual([{ type: "prose", text: "ab" }]);
  });
});
