# Sourced by the benchmark scripts (bash); brings v8_flags (_v8_flags.sh) too.
. "$(dirname "${BASH_SOURCE[0]}")/_v8_flags.sh"
#
# repo_deno REPO: the deno that `npm ci` installed in REPO, else the one on PATH.
repo_deno() {
  if [ -x "$1/node_modules/deno/deno" ]; then echo "$1/node_modules/deno/deno"; else echo deno; fi
}

# read_pairs_args LOG [PAIRS] [-- PARSE ARGS]: sets `log`, `pairs` (default 5) and
# the array `args` (default: -i -f json) for the paired `parse` benchmarks.
read_pairs_args() {
  log=$1
  pairs=${2:-5}
  shift $(($# >= 2 ? 2 : 1))
  [ "${1:-}" = "--" ] && shift
  args=("$@")
  [ ${#args[@]} -eq 0 ] && args=(-i -f json)
  return 0
}
