export interface SqlStatement {
  /** Offset of the statement's first character (after leading space and comments). */
  start: number;
  /** Offset just past the statement (its `;`, or the end of the text). */
  end: number;
  text: string;
}

/**
 * Splits SQL into statements at top-level semicolons, aware of PostgreSQL's
 * quoting: '…' (and E'…' with backslash escapes), "…", $tag$…$tag$, -- and
 * nested /* *\/ comments. Used to find which statement failed when the
 * database gives no position. (`BEGIN ATOMIC … END` bodies are not understood.)
 */
export function splitSql(sql: string): SqlStatement[] {
  const out: SqlStatement[] = [];
  let start = -1;
  let i = 0;
  const push = (end: number) => {
    if (start !== -1) out.push({ start, end, text: sql.slice(start, end) });
    start = -1;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "-" && sql[i + 1] === "-") {
      const nl = sql.indexOf("\n", i);
      i = nl === -1 ? sql.length : nl + 1;
      continue;
    }
    if (c === "/" && sql[i + 1] === "*") {
      let depth = 1;
      i += 2;
      while (i < sql.length && depth > 0) {
        if (sql[i] === "/" && sql[i + 1] === "*") (depth++, (i += 2));
        else if (sql[i] === "*" && sql[i + 1] === "/") (depth--, (i += 2));
        else i++;
      }
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (start === -1 && c !== ";") start = i;
    if (c === ";") {
      push(i + 1);
      i++;
    } else if (c === "'") {
      const escapes = i > 0 && /[eE]/.test(sql[i - 1]!) && !/[\w$]/.test(sql[i - 2] ?? " ");
      i++;
      while (i < sql.length) {
        if (escapes && sql[i] === "\\") i += 2;
        else if (sql[i] === "'" && sql[i + 1] === "'") i += 2;
        else if (sql[i] === "'") break;
        else i++;
      }
      i++;
    } else if (c === '"') {
      i++;
      while (i < sql.length && !(sql[i] === '"' && sql[i + 1] !== '"')) i += sql[i] === '"' ? 2 : 1;
      i++;
    } else if (c === "$") {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64))?.[0];
      if (tag) {
        const close = sql.indexOf(tag, i + tag.length);
        i = close === -1 ? sql.length : close + tag.length;
      } else i++;
    } else i++;
  }
  push(sql.length);
  return out;
}
