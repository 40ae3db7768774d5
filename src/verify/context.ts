import type { SourceFile } from "typescript";
import type { GeneratedFile } from "../parse/types.js";
import { MANIFEST_FILE, ManifestSchema, type EnvVar, type Manifest } from "../spec/manifest.js";
import { parseJson } from "./lib/json.js";
import { dirOf, isInside, joinPath, LineIndex } from "../util/text.js";
import { loadTypeScript, parseSource, type TypeScript } from "./lib/typescript.js";
import type { VerifyOptions } from "./types.js";

/** A service of the app: from stackwright.json, or inferred from the tree without one. */
export interface ServiceInfo {
  name: string;
  /** POSIX directory relative to the root; "" for the root itself. */
  dir: string;
  role?: "backend" | "frontend";
  /** Full path (relative to the app root) of the SQL migrations directory, if any. */
  migrationsDir?: string;
  /** Database of a backend service, when the manifest says. */
  database?: "postgres" | "mongodb";
  /** The manifest's env list for the service, when the manifest gives one. */
  env?: EnvVar[];
  /** Whether the service comes from stackwright.json (rather than being inferred). */
  fromManifest: boolean;
}

export type ManifestState =
  | { kind: "missing" }
  | { kind: "invalid-json"; offset: number; message: string }
  | { kind: "parsed"; raw: unknown; locations: Map<string, number>; manifest?: Manifest; issues: Array<{ path: PropertyKey[]; message: string }> };

const SERVICE_MARKERS = ["package.json", "requirements.txt", "pyproject.toml", "go.mod"];

/** Everything checks share in one verify run: the files, the manifest, services, parsed sources. */
export class VerifyContext {
  readonly files: readonly GeneratedFile[];
  readonly options: VerifyOptions;
  readonly manifest: ManifestState;
  readonly services: readonly ServiceInfo[];
  private readonly byPath = new Map<string, GeneratedFile>();
  private readonly dirs = new Set<string>([""]);
  private readonly lineIndexes = new Map<string, LineIndex>();
  private readonly sources = new Map<string, SourceFile>();
  private ts: TypeScript | undefined;

  constructor(files: readonly GeneratedFile[], options: VerifyOptions = {}) {
    this.files = files;
    this.options = options;
    for (const f of files) {
      this.byPath.set(f.path, f);
      for (let d = dirOf(f.path); d !== "" && !this.dirs.has(d); d = dirOf(d)) this.dirs.add(d);
    }
    this.manifest = readManifest(this.byPath.get(MANIFEST_FILE));
    this.services = resolveServices(this.manifest, this);
  }

  get(path: string): GeneratedFile | undefined {
    return this.byPath.get(path);
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  /** Whether any file lives in this directory (or below it). */
  hasDir(dir: string): boolean {
    return this.dirs.has(normaliseDir(dir));
  }

  lines(file: GeneratedFile): LineIndex {
    let index = this.lineIndexes.get(file.path);
    if (!index) {
      index = new LineIndex(file.content);
      this.lineIndexes.set(file.path, index);
    }
    return index;
  }

  /** The innermost service a file belongs to. */
  serviceOf(path: string): ServiceInfo | undefined {
    let best: ServiceInfo | undefined;
    for (const s of this.services) {
      if (isInside(path, s.dir) && (!best || s.dir.length > best.dir.length)) best = s;
    }
    return best;
  }

  /** The TypeScript compiler, loaded on first use (it takes a few hundred ms). */
  async typescript(): Promise<TypeScript> {
    this.ts ??= await loadTypeScript();
    return this.ts;
  }

  /** The parsed AST of a JS/TS file, shared by every check that needs it. Call `typescript()` first. */
  sourceFile(file: GeneratedFile): SourceFile {
    let sf = this.sources.get(file.path);
    if (!sf) {
      if (!this.ts) throw new Error("VerifyContext.typescript() must be awaited before sourceFile()");
      sf = parseSource(this.ts, file);
      this.sources.set(file.path, sf);
    }
    return sf;
  }
}

function readManifest(file: GeneratedFile | undefined): ManifestState {
  if (!file) return { kind: "missing" };
  const parsed = parseJson(file.content, { locations: true });
  if (!parsed.ok) return { kind: "invalid-json", offset: parsed.offset, message: parsed.message };
  const result = ManifestSchema.safeParse(parsed.value);
  if (result.success) return { kind: "parsed", raw: parsed.value, locations: parsed.locations, manifest: result.data, issues: [] };
  return {
    kind: "parsed",
    raw: parsed.value,
    locations: parsed.locations,
    issues: result.error.issues.map((i) => ({ path: i.path, message: i.message })),
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function resolveServices(state: ManifestState, ctx: VerifyContext): ServiceInfo[] {
  if (state.kind === "parsed") {
    // A manifest that fails its schema still usually names its services; use what it says.
    const raw = state.raw;
    const database = isRecord(raw) && isRecord(raw.spec) && isRecord(raw.spec.stack) ? raw.spec.stack.database : undefined;
    const services: ServiceInfo[] = [];
    const list = state.manifest?.services ?? (isRecord(raw) && Array.isArray(raw.services) ? raw.services : []);
    for (const s of list as unknown[]) {
      if (!isRecord(s) || typeof s.dir !== "string") continue;
      const dir = normaliseDir(s.dir);
      const role = s.role === "backend" || s.role === "frontend" ? s.role : undefined;
      services.push({
        name: typeof s.name === "string" ? s.name : dir || "app",
        dir,
        ...(role ? { role } : {}),
        ...(typeof s.migrationsDir === "string" ? { migrationsDir: joinPath(dir, normaliseDir(s.migrationsDir)) } : {}),
        ...(role === "backend" && (database === "postgres" || database === "mongodb") ? { database } : {}),
        ...(state.manifest ? { env: (s as { env: EnvVar[] }).env } : {}),
        fromManifest: true,
      });
    }
    if (services.length > 0) return services;
  }
  return inferServices(ctx);
}

/** Without a usable manifest: the root and each top-level directory that holds a package manifest. */
function inferServices(ctx: VerifyContext): ServiceInfo[] {
  const dirs = new Set<string>();
  for (const f of ctx.files) {
    const parts = f.path.split("/");
    const name = parts[parts.length - 1]!;
    if (parts.length <= 2 && SERVICE_MARKERS.includes(name)) dirs.add(parts.length === 1 ? "" : parts[0]!);
  }
  return [...dirs].sort().map((dir) => ({ name: dir || "app", dir, fromManifest: false }));
}

function normaliseDir(dir: string): string {
  const d = dir.trim().replace(/\\/g, "/").replace(/^(?:\.\/)+/, "").replace(/\/+$/, "");
  return d === "." ? "" : d;
}
