import { describe, expect, it } from "vitest";
import { REDACTED_KINDS, redactSecrets } from "../../../src/github/render/redact.js";

/** Built at run time so no literal credential sits in the repository (and no scanner flags this file). */
const token = (prefix: string, length: number, alphabet = "aB3dE5gH7jK9mN1pQ2sT4vW6yZ8") =>
  prefix + Array.from({ length }, (_, i) => alphabet[(i * 7) % alphabet.length]).join("");

describe("redactSecrets masks every kind of credential", () => {
  const cases: Array<[kind: string, input: string, secret: string, expected: string]> = (() => {
    const ghp = token("ghp_", 36);
    const ghs = token("ghs_", 36);
    const gho = token("gho_", 36);
    const pat = token("github_pat_", 60);
    const ant = token("sk-ant-api03-", 40);
    const openai = token("sk-proj-", 40);
    const stripe = token("sk_live_", 24);
    const slack = token("xoxb-", 30);
    const npm = token("npm_", 36);
    const google = token("AIza", 35);
    const akia = "AKIA" + "IOSFODNN7EXAMPLE".replace("EXAMPLE", "Q2RT5XZ");
    const jwt = `eyJhbGciOiJIUzI1NiJ9.${token("eyJzdWIi", 20)}.${token("", 30)}`;
    const bearer = token("", 40);
    return [
      ["GitHub classic token", `git push failed: https://x:${ghp}@github.com`, ghp.slice(4), ""],
      ["GitHub installation token", `token ${ghs} expired`, ghs.slice(4), `token ghs_[redacted] expired`],
      ["GitHub OAuth token", `using ${gho}`, gho.slice(4), `using gho_[redacted]`],
      ["GitHub fine-grained token", `PAT=${pat}`, pat.slice(11), ""],
      ["Anthropic key", `401 from Anthropic with key ${ant}`, ant.slice(7), `401 from Anthropic with key sk-ant-[redacted]`],
      ["OpenAI-style key", `key ${openai}`, openai.slice(3), `key sk-[redacted]`],
      ["Stripe key", `stripe ${stripe}`, stripe.slice(8), `stripe sk_live_[redacted]`],
      ["Slack token", `slack ${slack}`, slack.slice(5), `slack xoxb-[redacted]`],
      ["npm token", `npm ${npm}`, npm.slice(4), `npm npm_[redacted]`],
      ["Google key", `maps ${google}`, google.slice(4), `maps AIza[redacted]`],
      ["AWS access key id", `aws ${akia} denied`, akia.slice(4), `aws AKIA[redacted] denied`],
      ["AWS secret access key", `aws_secret_access_key = ${token("", 40)}`, token("", 40), `aws_secret_access_key = [redacted]`],
      ["JSON Web Token", `cookie ${jwt};`, jwt.split(".")[1]!, `cookie [redacted];`],
      ["Bearer token", `Authorization: Bearer ${bearer}`, bearer, `Authorization: Bearer [redacted]`],
      ["bare Bearer token", `sent bearer ${bearer} to the API`, bearer, `sent bearer [redacted] to the API`],
      ["Authorization token header", `authorization: token abc123def456`, "abc123def456", `authorization: token [redacted]`],
      ["Basic auth header", `Authorization: Basic dXNlcjpwYXNz`, "dXNlcjpwYXNz", `Authorization: Basic [redacted]`],
      ["postgres URL", `connect ECONNREFUSED postgres://app:s3cr3t-pw@db.internal:5432/blog`, "s3cr3t-pw", `connect ECONNREFUSED postgres://app:[redacted]@db.internal:5432/blog`],
      ["postgresql URL with @ in the password", `postgresql://app:p@ss@db/x`, "p@ss", `postgresql://app:[redacted]@db/x`],
      ["mongodb+srv URL", `mongodb+srv://root:Hunter22@cluster0.example.net/app`, "Hunter22", `mongodb+srv://root:[redacted]@cluster0.example.net/app`],
      ["redis URL with empty user", `redis://:topsecret9@cache:6379`, "topsecret9", `redis://:[redacted]@cache:6379`],
      ["password=", `login failed: password=hunter2 user=bob`, "hunter2", `login failed: password=[redacted] user=bob`],
      ["DB_PASSWORD env line", `DB_PASSWORD=correcthorse`, "correcthorse", `DB_PASSWORD=[redacted]`],
      ["secret=", `secret=abc&next=1`, "abc", `secret=[redacted]&next=1`],
      ["JWT_SECRET with a colon", `JWT_SECRET: 9f8e7d6c5b4a`, "9f8e7d6c5b4a", `JWT_SECRET: [redacted]`],
      ["JSON password", `{"password": "pa ss word"}`, "pa ss word", `{"password": "[redacted]"}`],
      ["single-quoted api key", `api_key='k-123456'`, "k-123456", `api_key='[redacted]'`],
      ["client secret in a query string", `?client_secret=zzz999&grant_type=code`, "zzz999", `?client_secret=[redacted]&grant_type=code`],
      ["private key block", `-----BEGIN RSA PRIVATE KEY-----\n${token("", 64)}\n-----END RSA PRIVATE KEY-----`, token("", 64), "-----BEGIN PRIVATE KEY----- [redacted] -----END PRIVATE KEY-----"],
    ];
  })();

  it.each(cases)("%s", (_kind, input, secret, expected) => {
    const out = redactSecrets(input);
    expect(out).not.toContain(secret);
    expect(out).toContain("[redacted]");
    if (expected) expect(out).toBe(expected);
  });

  it("names a rule for every kind it masks", () => {
    expect(REDACTED_KINDS).toEqual(
      expect.arrayContaining(["GitHub token", "GitHub fine-grained token", "Anthropic API key", "Bearer token", "URL credentials", "AWS access key id", "secret assignment", "private key"]),
    );
  });
});

describe("redactSecrets leaves ordinary text alone", () => {
  const ordinary = [
    "Verify found 3 errors in 2 files.",
    "https://github.com/octo/app/pull/12 and https://example.com:8443/path?q=1",
    "commit 3f2c1a9b8e7d6c5b4a39281706f5e4d3c2b1a098 on stackwright/issue-7",
    "maxTokensPerJob: 400000 and 12,345 tokens used",
    "password: must be at least 8 characters",
    "Bearer authentication is required",
    "The JWT_SECRET variable is read but not documented in .env.example",
    "email me at someone@example.com",
    "sk-short",
  ];
  it.each(ordinary)("%s", (text) => {
    expect(redactSecrets(text)).toBe(text);
  });

  it("is idempotent", () => {
    const once = redactSecrets(`Authorization: Bearer ${token("", 40)} postgres://a:b1234@h/d password=x1 token: ${token("ghp_", 36)}`);
    expect(redactSecrets(once)).toBe(once);
  });
});
