# Sourced by the benchmark scripts: the V8 flags of `deno task libaudit`,
# read from deno.json (their one definition), so that a benchmark runs the
# command as users run it. `v8_flags TREE` prints them for the tree at TREE.
v8_flags() {
  sed -nE 's/.*"libaudit": "deno run [^"]*--v8-flags=([^ "]+) .*/\1/p' "$1/deno.json"
}
