#!/usr/bin/env bash
# The whole comparison in one command: builds go-libaudit's cmd/auparse in a
# temporary folder (unless AUPARSE names one), then runs bench/compare.sh
# with every peer (laurel, ausearch -i, go-libaudit auparse) and prints the
# table with versions.
#
#   bench/compare_all.sh [LOG]
#
# Needs git and Go (Debian's golang-go 1.19 works: the build uses Debian's
# golang-golang-x-sys-dev and golang-gopkg-yaml.v3-dev through `replace`, no
# module download) and what bench/compare.sh needs (/usr/bin/time, laurel,
# auditd). Environment: GO_LIBAUDIT=URL or path of a go-libaudit checkout
# (default https://github.com/elastic/go-libaudit), GO_LIBAUDIT_REF (a tag or
# commit; default the clone's HEAD), and compare.sh's RUNS, SCALE, SKIP_SCALED, KEEP.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

if [ -z "${AUPARSE:-}" ]; then
  src=${GO_LIBAUDIT:-https://github.com/elastic/go-libaudit}
  build=$(mktemp -d /tmp/go-libaudit-build.XXXXXX)
  trap 'rm -rf "$build"' EXIT
  git clone -q "$src" "$build/go-libaudit"
  cd "$build/go-libaudit"
  [ -n "${GO_LIBAUDIT_REF:-}" ] && git checkout -q "$GO_LIBAUDIT_REF"
  rev=$(git describe --tags --always 2>/dev/null || git rev-parse --short HEAD)
  gover=$(go env GOVERSION | sed 's/^go//; s/\.[0-9]*$//')
  gocode=/usr/share/gocode/src
  if [ -d "$gocode/golang.org/x/sys" ] && [ -d "$gocode/gopkg.in/yaml.v3" ]; then
    # Debian's packaged modules instead of a download; cmd/auparse needs only these two.
    cat >go.mod <<MOD
module github.com/elastic/go-libaudit/v2

go $gover

require (
	golang.org/x/sys v0.11.0
	gopkg.in/yaml.v3 v3.0.1
)

replace golang.org/x/sys => $gocode/golang.org/x/sys

replace gopkg.in/yaml.v3 => $gocode/gopkg.in/yaml.v3
MOD
    rm -f go.sum
    export GOFLAGS=-mod=mod GOPROXY=off
  fi
  # errors.Join is Go 1.20+; the one use closes the netlink socket after an error.
  if ! go doc errors.Join >/dev/null 2>&1; then
    sed -i 's/errors.Join(err, c.Netlink.Close())/func() error { if e := c.Netlink.Close(); e != nil \&\& err == nil { return e }; return err }()/' audit.go
  fi
  go build -o "$build/auparse" ./cmd/auparse
  export AUPARSE="$build/auparse" AUPARSE_VERSION="$rev (built with $(go env GOVERSION))"
  cd - >/dev/null
fi
"$here/compare.sh" "$@"
