#!/usr/bin/env bash
# The action's work: generate into $OUT, verify it, publish the summary path as an output.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
summary="${RUNNER_TEMP:-/tmp}/stackwright-summary.json"

node "$root/bin/stackwright.js" generate "$PROMPT" --out "$OUT" --json > "$summary"
node "$root/bin/stackwright.js" verify "$OUT"
echo "summary=$summary" >> "$GITHUB_OUTPUT"
