#!/usr/bin/env bash
# Builds Hyperledger Fabric and Fabric CA from the Go module proxy into network/.bin, once.
#
# Why this way: the proxy is the only source of Fabric on the project's machines, and
# `go install module@version` fails for Hyperledger modules (it asks the proxy for the version
# list, which is refused), so the module is downloaded with `go mod download` and built inside
# its module directory. The zip keeps vendor/modules.txt without vendor/, hence -mod=mod.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../fabric.env
source "$here/fabric.env"
bin_dir="${FABRIC_BIN_DIR:-$here/.bin}"
stamp="$bin_dir/VERSION"
want_stamp="fabric=$FABRIC_VERSION ($FABRIC_MODULE_VERSION) fabric-ca=$FABRIC_CA_VERSION ($FABRIC_CA_MODULE_VERSION)"
# discover: the network checks readiness with the same endorser analysis the peer's gateway uses.
fabric_cmds=(peer orderer configtxgen osnadmin configtxlator discover)
ca_cmds=(fabric-ca-server fabric-ca-client)

say() { printf '[build-fabric] %s\n' "$*"; }

all_present() {
  local cmd
  for cmd in "${fabric_cmds[@]}" "${ca_cmds[@]}"; do
    [[ -x "$bin_dir/$cmd" ]] || return 1
  done
  [[ -f "$bin_dir/sampleconfig/core.yaml" && -f "$bin_dir/sampleconfig/orderer.yaml" ]] || return 1
  [[ -f "$stamp" && "$(cat "$stamp")" == "$want_stamp" ]]
}

if all_present && [[ "${1:-}" != "--force" ]]; then
  say "Fabric $FABRIC_VERSION and Fabric CA $FABRIC_CA_VERSION already built in $bin_dir"
  exit 0
fi

go_bin="${GO:-}"
if [[ -z "$go_bin" ]]; then
  if command -v go >/dev/null 2>&1; then
    go_bin="$(command -v go)"
  elif [[ -x /usr/local/go/bin/go ]]; then
    go_bin=/usr/local/go/bin/go
  fi
fi
if [[ -z "$go_bin" || ! -x "$go_bin" ]]; then
  say "Go is needed to build Fabric but was not found (looked for \$GO, 'go' on PATH and /usr/local/go/bin/go)." >&2
  say "Install Go 1.24 or newer (https://go.dev/dl/ or 'apt-get install golang-go'), or set GO=/path/to/go." >&2
  exit 1
fi
command -v gcc >/dev/null 2>&1 || {
  say "gcc is needed (Fabric CA uses cgo for SQLite) but was not found: apt-get install gcc" >&2
  exit 1
}
say "using $("$go_bin" version)"

# Prints the module's directory in the module cache, downloading it if needed.
module_dir() {
  local json dir
  json="$("$go_bin" mod download -json "$1@$2")" || {
    say "go mod download $1@$2 failed (is the Go module proxy reachable?)" >&2
    exit 1
  }
  dir="$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
  [[ -n "$dir" && -d "$dir" ]] || {
    say "go mod download $1@$2 printed no module directory:" >&2
    printf '%s\n' "$json" >&2
    exit 1
  }
  printf '%s\n' "$dir"
}

# Prints a progress line every 15 s while a long build runs, so nobody thinks it hung.
with_progress() {
  local label="$1" started=$SECONDS pid rc
  shift
  "$@" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if (((SECONDS - started) % 15 == 0)) && kill -0 "$pid" 2>/dev/null; then
      say "  still building $label ($((SECONDS - started)) s)"
    fi
  done
  set +e
  wait "$pid"
  rc=$?
  set -e
  return "$rc"
}

mkdir -p "$bin_dir"
rm -f "$stamp"

say "downloading $FABRIC_MODULE@$FABRIC_MODULE_VERSION (Fabric $FABRIC_VERSION)"
fabric_dir="$(module_dir "$FABRIC_MODULE" "$FABRIC_MODULE_VERSION")"
say "downloading $FABRIC_CA_MODULE@$FABRIC_CA_MODULE_VERSION"
ca_dir="$(module_dir "$FABRIC_CA_MODULE" "$FABRIC_CA_MODULE_VERSION")"

build_fabric() {
  local meta="$FABRIC_MODULE/common/metadata"
  cd "$fabric_dir"
  GOFLAGS=-mod=mod CGO_ENABLED=0 "$go_bin" build -buildvcs=false -trimpath \
    -ldflags "-X $meta.Version=$FABRIC_VERSION -X $meta.CommitSHA=$FABRIC_COMMIT" \
    -o "$bin_dir/" "${fabric_cmds[@]/#/./cmd/}"
}
build_ca() {
  cd "$ca_dir"
  GOFLAGS=-mod=mod CGO_ENABLED=1 "$go_bin" build -buildvcs=false -trimpath \
    -ldflags "-X $FABRIC_CA_MODULE/lib/metadata.Version=$FABRIC_CA_VERSION" \
    -o "$bin_dir/" "${ca_cmds[@]/#/./cmd/}"
}

started=$SECONDS
say "building Fabric $FABRIC_VERSION: ${fabric_cmds[*]} (about 1.5 min on 2 cores when cold)"
with_progress "Fabric" build_fabric || {
  say "building Fabric failed (see the Go errors above)" >&2
  exit 1
}
say "building Fabric CA $FABRIC_CA_VERSION: ${ca_cmds[*]} (about 45 s when cold)"
with_progress "Fabric CA" build_ca || {
  say "building Fabric CA failed (see the Go errors above)" >&2
  exit 1
}

# The module cache is read-only; keep our own copy of the sample configs the node configs start from.
rm -rf "$bin_dir/sampleconfig"
mkdir -p "$bin_dir/sampleconfig"
cp "$fabric_dir/sampleconfig/core.yaml" "$fabric_dir/sampleconfig/orderer.yaml" \
  "$fabric_dir/sampleconfig/configtx.yaml" "$bin_dir/sampleconfig/"
chmod u+w "$bin_dir/sampleconfig/"*

version_line="$("$bin_dir/peer" version | sed -n 's/^ *Version: *//p' | head -n1)"
if [[ "$version_line" != "$FABRIC_VERSION" ]]; then
  say "the built peer reports version '$version_line', expected $FABRIC_VERSION" >&2
  exit 1
fi
printf '%s\n' "$want_stamp" >"$stamp"
say "built Fabric $FABRIC_VERSION and Fabric CA $FABRIC_CA_VERSION into $bin_dir in $((SECONDS - started)) s"
