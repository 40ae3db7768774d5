import { describe, expect, it } from "vitest";
import { FileBlockParser, parseFileBlocks } from "../../../src/parse/file-blocks.js";
import { langForPath } from "../../../src/parse/lang.js";
import { fenceFor, serializeFileBlocks, serializeFileBlocksStream } from "../../../src/parse/serialize.js";
import type { GeneratedFile } from "../../../src/parse/types.js";
import { prng } from "./helpers.js";

const strip = (files: readonly GeneratedFile[]) => files.map(({ path, content }) => ({ path, content }));

async function collect(stream: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const s of stream) out.push(s);
  return out;
}

describe("serializeFileBlocks", () => {
  it("writes FILE: blocks with the language from the extension", () => {
    expect(
      serializeFileBlocks([
        { path: "backend/src/index.js", content: "console.log(1);\n" },
        { path: "Dockerfile", content: "FROM node:20\n" },
        { path: "data.bin", content: "" },
      ]),
    ).toBe("FILE: backend/src/index.js\n```js\nconsole.log(1);\n```\n\nFILE: Dockerfile\n```dockerfile\nFROM node:20\n```\n\nFILE: data.bin\n```text\n```\n\n");
  });

  it("picks a fence longer than any backtick run that starts a content line", () => {
    expect(fenceFor("no fences\n")).toBe("```");
    expect(fenceFor("# Readme\n```bash\nnpm i\n```\n")).toBe("````");
    expect(fenceFor("   `````\n")).toBe("``````");
    expect(fenceFor("inline ```` in the middle\n")).toBe("```");
    expect(fenceFor("    ````` indented 4: not a fence\n")).toBe("```");
    expect(fenceFor("``")).toBe("```");
    const readme = { path: "README.md", content: "# App\n\n```bash\nnpm start\n```\n\n````\nnested\n````\n" };
    const text = serializeFileBlocks([readme]);
    expect(text.split("\n")[1]).toBe("`````markdown");
    expect(strip(parseFileBlocks(text).files)).toEqual([readme]);
  });

  it("marks a content without a final newline, so it survives the round trip", () => {
    const text = serializeFileBlocks([{ path: "a.txt", content: "no newline" }]);
    expect(text).toBe("FILE: a.txt\n```text no-final-newline\nno newline\n```\n\n");
    expect(strip(parseFileBlocks(text).files)).toEqual([{ path: "a.txt", content: "no newline" }]);
  });

  it("refuses paths the protocol cannot carry", () => {
    for (const path of ["", " a.js", "a.js ", "a\nb.js", "a\rb"]) {
      expect(() => serializeFileBlocks([{ path, content: "" }]), JSON.stringify(path)).toThrow(/Cannot serialize/);
    }
  });

  it("streams the same text in pieces no larger than chunkSize (plus the block heads)", async () => {
    const files = [
      { path: "a.md", content: "```\n" + "x".repeat(100) + "\n```\n" },
      { path: "b.js", content: "let b" },
    ];
    const pieces = await collect(serializeFileBlocksStream(files, { chunkSize: 16 }));
    expect(pieces.join("")).toBe(serializeFileBlocks(files));
    expect(pieces.filter((p) => !p.startsWith("FILE:")).every((p) => p.length <= 16)).toBe(true);
    expect(pieces.length).toBeGreaterThan(8);
    // Async sources too.
    async function* source() {
      yield* files;
    }
    expect((await collect(serializeFileBlocksStream(source()))).join("")).toBe(serializeFileBlocks(files));
  });
});

describe("round trip: parse(serialize(files)) equals files", () => {
  it("holds for edge-case contents", () => {
    const contents = ["", "\n", "\n\n", "a", "a\n", "a\n\n", " ", "```", "```\n", "~~~\n", "````\n```\n", "FILE: x.js\n```js\n", "\t\n", "a\rb\n", "🚀", "   ```", "`\n``\n```"];
    const files = contents.map((content, i) => ({ path: `f${i}.md`, content }));
    expect(strip(parseFileBlocks(serializeFileBlocks(files)).files)).toEqual(files);
  });

  it("holds for random contents and paths (seeded), whole and streamed in random chunks", async () => {
    const rand = prng(424242);
    const int = (n: number) => Math.floor(rand() * n);
    const alphabet = ["a", "b", " ", "  ", "\t", "\n", "\n", "`", "```", "````", "~~~", "FILE: x", "é", "🚀", "\r", "#", "-", "}", "\u0000", "\\"];
    const names = ["index", "README", "app", "a.b", "_x", "Dockerfile", "main"];
    const exts = [".js", ".ts", ".md", ".py", ".go", ".sql", "", ".json", ".yml"];
    const dirs = ["", "backend/", "frontend/src/", "backend/migrations/", "docs/a b/", ".github/"];

    for (let round = 0; round < 300; round++) {
      const files: GeneratedFile[] = [];
      const used = new Set<string>();
      for (let k = int(6); k >= 0; k--) {
        const path = dirs[int(dirs.length)]! + names[int(names.length)]! + exts[int(exts.length)]!;
        if (used.has(path)) continue;
        used.add(path);
        let content = Array.from({ length: int(40) }, () => alphabet[int(alphabet.length)]!).join("");
        // The documented domain: LF text (a "\r" right before "\n" or at the end would be normalised away).
        content = content.replace(/\r+(?=\n|$)/g, "");
        files.push({ path, content });
      }
      const text = serializeFileBlocks(files);
      const parsed = parseFileBlocks(text);
      expect(strip(parsed.files), text).toEqual(files);
      expect(parsed.rejected).toEqual([]);
      expect(parsed.warnings.filter((w) => w.code !== "marker-in-content")).toEqual([]);
      expect(parsed.truncated).toBeNull();
      expect(parsed.files.map((f) => f.lang)).toEqual(files.map((f) => langForPath(f.path) || "text"));

      // Streamed with a random chunk size, and re-split at random before parsing.
      const streamed = (await collect(serializeFileBlocksStream(files, { chunkSize: 1 + int(20) }))).join("");
      expect(streamed).toBe(text);
      const parser = new FileBlockParser();
      const got: GeneratedFile[] = [];
      for (let i = 0; i < text.length; ) {
        const n = 1 + int(30);
        for (const e of parser.push(text.slice(i, i + n))) if (e.type === "file") got.push({ path: e.path, content: e.content });
        i += n;
      }
      for (const e of parser.end()) if (e.type === "file") got.push({ path: e.path, content: e.content });
      expect(got).toEqual(files);
    }
  });
});
