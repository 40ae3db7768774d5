/**
 * Python imports and requirements, read without Python: a lexer blanks out
 * strings and comments, then import statements are found line by line.
 */

export interface PythonImport {
  /** The top-level module, e.g. `fastapi` for `from fastapi.responses import X`. */
  module: string;
  /** Offset of the module name in the file. */
  pos: number;
  /** Inside a `try:` block or under `if TYPE_CHECKING:`: meant to be optional. */
  optional: boolean;
}

/** The text with string literals and comments replaced by spaces (line breaks kept, so offsets hold). */
export function blankPython(text: string): string {
  const out = text.split("");
  const blank = (from: number, to: number) => {
    for (let k = from; k < to && k < out.length; k++) if (out[k] !== "\n") out[k] = " ";
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "#") {
      const end = text.indexOf("\n", i);
      const e = end === -1 ? text.length : end;
      blank(i, e);
      i = e;
    } else if (c === '"' || c === "'") {
      const quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < text.length && !text.startsWith(quote, j) && (quote.length === 3 || text[j] !== "\n")) j += text[j] === "\\" ? 2 : 1;
      const e = Math.min(text.length, j + quote.length);
      blank(i, e);
      i = e;
    } else i++;
  }
  return out.join("");
}

export function pythonImports(text: string): PythonImport[] {
  const code = blankPython(text);
  const lines = code.split("\n");
  const imports: PythonImport[] = [];
  let offset = 0;
  lines.forEach((line, n) => {
    const start = offset;
    offset += line.length + 1;
    const indent = /^[ \t]*/.exec(line)![0].length;
    const optional = indent > 0 && isOptionalBlock(lines, n, indent);
    const from = /^([ \t]*)from[ \t]+(\.*)([A-Za-z_][\w.]*)?[ \t]+import\b/.exec(line);
    if (from) {
      if (from[2] || !from[3]) return; // relative import
      imports.push({ module: from[3].split(".")[0]!, pos: start + from[1]!.length + line.slice(from[1]!.length).indexOf(from[3]), optional });
      return;
    }
    const imp = /^([ \t]*)import[ \t]+(.+)$/.exec(line);
    if (!imp) return;
    let col = start + imp[1]!.length + "import".length;
    for (const part of imp[2]!.split(",")) {
      const name = /^\s*([A-Za-z_][\w.]*)/.exec(part);
      if (name) imports.push({ module: name[1]!.split(".")[0]!, pos: col + part.indexOf(name[1]!) + 1, optional });
      col += part.length + 1;
    }
  });
  return imports;
}

/** Whether the block enclosing line `n` (at `indent`) is a `try:` or an `if TYPE_CHECKING:`. */
function isOptionalBlock(lines: string[], n: number, indent: number): boolean {
  for (let k = n - 1; k >= 0; k--) {
    const line = lines[k]!;
    if (line.trim() === "") continue;
    const ind = /^[ \t]*/.exec(line)![0].length;
    if (ind >= indent) continue;
    const head = line.trim();
    return /^try\s*:/.test(head) || /^if\s+(?:typing\.)?TYPE_CHECKING\s*:/.test(head);
  }
  return false;
}

/** PEP 503 normalised distribution name. */
export function normaliseDist(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

export interface Requirement {
  name: string;
  extras: string[];
}

/** Requirements of a requirements.txt: `name[extras]>=1`, skipping options (`-r`, `--index-url`) and bare URLs. */
export function parseRequirements(text: string): { requirements: Requirement[]; includes: string[] } {
  const requirements: Requirement[] = [];
  const includes: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (!line) continue;
    const inc = /^(?:-r|--requirement)\s*=?\s*(\S+)/.exec(line);
    if (inc) {
      includes.push(inc[1]!);
      continue;
    }
    if (line.startsWith("-")) continue;
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?/.exec(line);
    if (m && !/^[a-z+]+:\/\//i.test(line)) requirements.push({ name: normaliseDist(m[1]!), extras: (m[2] ?? "").split(",").map((e) => e.trim().toLowerCase()).filter(Boolean) });
  }
  return { requirements, includes };
}

/**
 * Dependencies in a pyproject.toml, read loosely: PEP 621 `dependencies` and
 * `optional-dependencies`, `[dependency-groups]`, and Poetry's dependency tables.
 */
export function parsePyproject(text: string): Requirement[] {
  const out: Requirement[] = [];
  let table = "";
  let depth = 0;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\s#.*$/, "").trim();
    const header = depth === 0 ? /^\[\[?([^\]]+)\]\]?$/.exec(line) : null;
    if (header) {
      table = header[1]!.trim();
      continue;
    }
    if (/^tool\.poetry\.(?:dev-)?dependencies$|^tool\.poetry\.group\.[^.]+\.dependencies$/.test(table)) {
      const key = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*=/.exec(line);
      if (key && key[1]!.toLowerCase() !== "python") out.push({ name: normaliseDist(key[1]!), extras: [] });
      continue;
    }
    const starts =
      depth === 0 &&
      ((table === "project" && /^dependencies\s*=\s*\[/.test(line)) ||
        ((table === "project.optional-dependencies" || table === "dependency-groups") && /^[\w.-]+\s*=\s*\[/.test(line)));
    if (depth === 0 && !starts) continue;
    for (const m of line.matchAll(/["']([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?[^"']*["']/g)) {
      out.push({ name: normaliseDist(m[1]!), extras: (m[2] ?? "").split(",").map((e) => e.trim().toLowerCase()).filter(Boolean) });
    }
    // Brackets outside strings (a string's `[extra]` does not count).
    const bare = line.replace(/"[^"]*"|'[^']*'/g, "");
    depth += (bare.match(/\[/g) ?? []).length - (bare.match(/\]/g) ?? []).length;
    if (depth < 0) depth = 0;
  }
  return out;
}

/** Import names whose distribution is named differently (all normalised). */
export const PYTHON_IMPORT_TO_DIST: Readonly<Record<string, readonly string[]>> = {
  jose: ["python-jose"],
  jwt: ["pyjwt"],
  yaml: ["pyyaml"],
  dotenv: ["python-dotenv"],
  psycopg2: ["psycopg2-binary", "psycopg2"],
  psycopg: ["psycopg", "psycopg-binary"],
  sklearn: ["scikit-learn"],
  PIL: ["pillow"],
  bs4: ["beautifulsoup4"],
  cv2: ["opencv-python", "opencv-python-headless", "opencv-contrib-python"],
  multipart: ["python-multipart"],
  python_multipart: ["python-multipart"],
  dateutil: ["python-dateutil"],
  magic: ["python-magic"],
  Crypto: ["pycryptodome", "pycrypto"],
  Cryptodome: ["pycryptodomex"],
  OpenSSL: ["pyopenssl"],
  attr: ["attrs"],
  serial: ["pyserial"],
  docx: ["python-docx"],
  pptx: ["python-pptx"],
  slugify: ["python-slugify"],
  socketio: ["python-socketio"],
  engineio: ["python-engineio"],
  telegram: ["python-telegram-bot"],
  git: ["gitpython"],
  fitz: ["pymupdf"],
  bson: ["pymongo", "motor"],
  gridfs: ["pymongo", "motor"],
  dns: ["dnspython"],
  nacl: ["pynacl"],
  zmq: ["pyzmq"],
  pkg_resources: ["setuptools"],
  _pytest: ["pytest"],
  argon2: ["argon2-cffi"],
  grpc: ["grpcio"],
  MySQLdb: ["mysqlclient"],
  websocket: ["websocket-client"],
  email_validator: ["email-validator"],
  google: ["protobuf", "google-*"],
};

/** What an extra brings along: `pydantic[email]` installs email-validator. */
export const PYTHON_EXTRA_PROVIDES: Readonly<Record<string, readonly string[]>> = {
  "pydantic[email]": ["email-validator"],
  "python-jose[cryptography]": ["cryptography"],
  "passlib[bcrypt]": ["bcrypt"],
  "uvicorn[standard]": ["uvloop", "httptools", "watchfiles", "websockets", "python-dotenv", "pyyaml"],
  "sqlalchemy[asyncio]": ["greenlet"],
  "fastapi[standard]": ["uvicorn", "httpx", "jinja2", "python-multipart", "email-validator", "fastapi-cli"],
  "fastapi[all]": ["uvicorn", "httpx", "jinja2", "python-multipart", "email-validator", "itsdangerous", "pyyaml", "ujson", "orjson"],
  "celery[redis]": ["redis"],
  "psycopg[binary]": ["psycopg-binary"],
  "motor[srv]": ["dnspython"],
  "pymongo[srv]": ["dnspython"],
};

/** Distributions that arrive only as a dependency of another: importing them directly works, but should be declared. */
export const PYTHON_TRANSITIVE: Readonly<Record<string, readonly string[]>> = {
  fastapi: ["starlette", "pydantic", "typing-extensions", "anyio", "annotated-types", "pydantic-core"],
  starlette: ["anyio"],
  pydantic: ["pydantic-core", "typing-extensions", "annotated-types"],
  "pydantic-settings": ["pydantic", "python-dotenv"],
  uvicorn: ["click", "h11"],
  httpx: ["httpcore", "anyio", "certifi", "idna", "sniffio"],
  requests: ["urllib3", "certifi", "idna", "charset-normalizer"],
  motor: ["pymongo"],
  sqlalchemy: ["typing-extensions", "greenlet"],
  alembic: ["sqlalchemy", "mako"],
  flask: ["werkzeug", "jinja2", "itsdangerous", "click", "markupsafe", "blinker"],
  jinja2: ["markupsafe"],
  "python-jose": ["ecdsa", "rsa", "pyasn1"],
  celery: ["kombu", "billiard", "vine"],
  pytest: ["pluggy", "iniconfig"],
};
