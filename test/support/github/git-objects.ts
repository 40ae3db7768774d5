/**
 * A content-addressed Git object store for the fake GitHub: blobs, trees and commits hashed
 * exactly as git hashes them (so identical content gets identical SHAs, as on GitHub),
 * flattening/building nested trees, ancestry, merge bases and a file-level three-way merge.
 */
import { createHash } from "node:crypto";

export type TreeMode = "100644" | "100755" | "040000" | "160000" | "120000";
export type EntryType = "blob" | "tree" | "commit";

export interface TreeEntry {
  name: string;
  mode: TreeMode;
  type: EntryType;
  sha: string;
}

export interface Signature {
  name: string;
  email: string;
  /** ISO 8601, seconds precision (`2024-01-01T00:00:00Z`). */
  date: string;
}

export interface Blob {
  type: "blob";
  sha: string;
  content: Buffer;
}
export interface Tree {
  type: "tree";
  sha: string;
  entries: TreeEntry[];
}
export interface Commit {
  type: "commit";
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: Signature;
  committer: Signature;
}
export type GitObject = Blob | Tree | Commit;

/** A file in a flattened tree: path → entry. */
export interface FlatEntry {
  mode: TreeMode;
  type: EntryType;
  sha: string;
}

export const EMPTY_TREE_SHA = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

function hashObject(kind: string, content: Buffer): string {
  return createHash("sha1")
    .update(Buffer.concat([Buffer.from(`${kind} ${content.length}\0`), content]))
    .digest("hex");
}

function gitTime(iso: string): string {
  return `${Math.floor(Date.parse(iso) / 1000)} +0000`;
}

/** Git's tree order: byte order of names, with trees compared as if their name ended in "/". */
function compareEntries(a: TreeEntry, b: TreeEntry): number {
  const ka = Buffer.from(a.type === "tree" ? `${a.name}/` : a.name);
  const kb = Buffer.from(b.type === "tree" ? `${b.name}/` : b.name);
  return Buffer.compare(ka, kb);
}

export class GitStore {
  readonly objects = new Map<string, GitObject>();

  get(sha: string): GitObject | undefined {
    return this.objects.get(sha.toLowerCase());
  }

  blob(sha: string): Blob | undefined {
    const o = this.get(sha);
    return o?.type === "blob" ? o : undefined;
  }

  tree(sha: string): Tree | undefined {
    const o = this.get(sha);
    return o?.type === "tree" ? o : undefined;
  }

  commit(sha: string): Commit | undefined {
    const o = this.get(sha);
    return o?.type === "commit" ? o : undefined;
  }

  putBlob(content: Buffer | string): Blob {
    const buf = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    const sha = hashObject("blob", buf);
    const existing = this.blob(sha);
    if (existing) return existing;
    const blob: Blob = { type: "blob", sha, content: buf };
    this.objects.set(sha, blob);
    return blob;
  }

  putTree(entries: TreeEntry[]): Tree {
    const sorted = [...entries].sort(compareEntries);
    const parts: Buffer[] = [];
    for (const e of sorted) {
      const mode = e.mode === "040000" ? "40000" : e.mode;
      parts.push(Buffer.from(`${mode} ${e.name}\0`), Buffer.from(e.sha, "hex"));
    }
    const sha = hashObject("tree", Buffer.concat(parts));
    const existing = this.tree(sha);
    if (existing) return existing;
    const tree: Tree = { type: "tree", sha, entries: sorted };
    this.objects.set(sha, tree);
    return tree;
  }

  putCommit(c: Omit<Commit, "type" | "sha">): Commit {
    const lines = [`tree ${c.tree}`, ...c.parents.map((p) => `parent ${p}`)];
    lines.push(`author ${c.author.name} <${c.author.email}> ${gitTime(c.author.date)}`);
    lines.push(`committer ${c.committer.name} <${c.committer.email}> ${gitTime(c.committer.date)}`);
    const text = `${lines.join("\n")}\n\n${c.message}`;
    const sha = hashObject("commit", Buffer.from(text, "utf8"));
    const existing = this.commit(sha);
    if (existing) return existing;
    const commit: Commit = { type: "commit", sha, ...c, parents: [...c.parents] };
    this.objects.set(sha, commit);
    return commit;
  }

  /** Every file (blob or submodule) under a tree, keyed by full path. */
  flatten(treeSha: string, prefix = ""): Map<string, FlatEntry> {
    const out = new Map<string, FlatEntry>();
    const walk = (sha: string, pre: string) => {
      const tree = this.tree(sha);
      if (!tree) return;
      for (const e of tree.entries) {
        const path = pre ? `${pre}/${e.name}` : e.name;
        if (e.type === "tree") walk(e.sha, path);
        else out.set(path, { mode: e.mode, type: e.type, sha: e.sha });
      }
    };
    walk(treeSha, prefix);
    return out;
  }

  /** Builds (and stores) the nested trees for a flat path map; returns the root tree. */
  buildTree(files: Map<string, FlatEntry>): Tree {
    interface Dir {
      files: TreeEntry[];
      dirs: Map<string, Dir>;
    }
    const root: Dir = { files: [], dirs: new Map() };
    for (const [path, entry] of files) {
      const parts = path.split("/");
      let dir = root;
      for (const part of parts.slice(0, -1)) {
        let next = dir.dirs.get(part);
        if (!next) {
          next = { files: [], dirs: new Map() };
          dir.dirs.set(part, next);
        }
        dir = next;
      }
      dir.files.push({ name: parts[parts.length - 1]!, mode: entry.mode, type: entry.type, sha: entry.sha });
    }
    const write = (dir: Dir): Tree => {
      const entries = [...dir.files];
      for (const [name, sub] of dir.dirs) entries.push({ name, mode: "040000", type: "tree", sha: write(sub).sha });
      return this.putTree(entries);
    };
    return write(root);
  }

  /** Recursive listing in git order: trees before their contents, full paths. */
  listRecursive(treeSha: string): Array<TreeEntry & { path: string }> {
    const out: Array<TreeEntry & { path: string }> = [];
    const walk = (sha: string, pre: string) => {
      const tree = this.tree(sha);
      if (!tree) return;
      for (const e of tree.entries) {
        const path = pre ? `${pre}/${e.name}` : e.name;
        out.push({ ...e, path });
        if (e.type === "tree") walk(e.sha, path);
      }
    };
    walk(treeSha, "");
    return out;
  }

  /** All commits reachable from `sha` (inclusive). */
  ancestors(sha: string): Set<string> {
    const seen = new Set<string>();
    const stack = [sha];
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (seen.has(s)) continue;
      const c = this.commit(s);
      if (!c) continue;
      seen.add(s);
      stack.push(...c.parents);
    }
    return seen;
  }

  isAncestor(ancestor: string, of: string): boolean {
    return this.ancestors(of).has(ancestor);
  }

  /** A best common ancestor (the first common commit in breadth-first order from `b`). */
  mergeBase(a: string, b: string): string | undefined {
    const fromA = this.ancestors(a);
    const queue = [b];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const s = queue.shift()!;
      if (seen.has(s)) continue;
      seen.add(s);
      if (fromA.has(s)) return s;
      const c = this.commit(s);
      if (c) queue.push(...c.parents);
    }
    return undefined;
  }

  /** Commits reachable from `head` but not from `base`, oldest first (as GitHub's compare lists them). */
  commitsBetween(base: string, head: string): Commit[] {
    const exclude = this.ancestors(base);
    const list = [...this.ancestors(head)].filter((s) => !exclude.has(s)).map((s) => this.commit(s)!);
    return sortCommits(list, "asc");
  }

  /**
   * File-level three-way merge of `theirs` into `ours` from `base` trees. Returns the merged
   * flat map, or the conflicting paths.
   */
  merge3(baseTree: string, oursTree: string, theirsTree: string): { files: Map<string, FlatEntry> } | { conflicts: string[] } {
    const base = this.flatten(baseTree);
    const ours = this.flatten(oursTree);
    const theirs = this.flatten(theirsTree);
    const out = new Map<string, FlatEntry>();
    const conflicts: string[] = [];
    const paths = new Set([...base.keys(), ...ours.keys(), ...theirs.keys()]);
    const same = (x?: FlatEntry, y?: FlatEntry) => x?.sha === y?.sha && x?.mode === y?.mode;
    for (const p of paths) {
      const b = base.get(p);
      const o = ours.get(p);
      const t = theirs.get(p);
      let pick: FlatEntry | undefined;
      if (same(o, t)) pick = o;
      else if (same(b, o)) pick = t;
      else if (same(b, t)) pick = o;
      else {
        conflicts.push(p);
        continue;
      }
      if (pick) out.set(p, pick);
    }
    return conflicts.length > 0 ? { conflicts: conflicts.sort() } : { files: out };
  }
}

/**
 * Topological order: parents before children ("asc", as compare lists commits) or children
 * before parents ("desc", as `git log` / list-commits do). Within that, first-parent order.
 */
export function sortCommits(commits: Commit[], order: "asc" | "desc" = "desc"): Commit[] {
  const bySha = new Map(commits.map((c) => [c.sha, c] as const));
  const done = new Set<string>();
  const out: Commit[] = [];
  const visit = (c: Commit) => {
    // iterative post-order DFS (histories can be long)
    const stack: Array<{ c: Commit; i: number }> = [{ c, i: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (done.has(top.c.sha)) {
        stack.pop();
        continue;
      }
      const parentSha = top.c.parents[top.i++];
      if (parentSha !== undefined) {
        const p = bySha.get(parentSha);
        if (p && !done.has(p.sha)) stack.push({ c: p, i: 0 });
        continue;
      }
      done.add(top.c.sha);
      out.push(top.c);
      stack.pop();
    }
  };
  // Visit oldest first so unrelated lines of history come out in date order.
  const oldestFirst = [...commits].sort((a, b) => Date.parse(a.committer.date) - Date.parse(b.committer.date));
  for (const c of oldestFirst) visit(c);
  return order === "asc" ? out : out.reverse();
}
