#!/usr/bin/env bash
# The consortium run apart (issue 23 item 5): every organisation on its own "host", a Linux
# network namespace with its own address, its own Unix user owning its own data folder (0700),
# files passing between hosts only through one mailbox folder. This script builds those hosts,
# runs the operator's runbook against them (test/hosts/consortium-hosts.spec.ts, through the
# organisations' own `node network/dist/cli.js org ...` commands), then the chaincode scenario
# suites (test/chaincode), each on a channel the five hosts form, every session through the
# pharmacy organisation's peer; and removes every namespace, link, user, process and folder it
# made at the end, also on failure or Ctrl-C.
#
#   bash scripts/test-hosts.sh          # the test (npm run test:hosts)
#   bash scripts/test-hosts.sh test journey verification
#                                       # the runbook, then only the scenario suites matching
#   bash scripts/test-hosts.sh bench    # the join benchmark on the same hosts (bench/join-benchmark.ts)
#
# Needs root (namespaces, users), `ip` and `setpriv`. One run at a time per machine.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
# The project's pinned Node.js and tools first, also when run outside npm.
export PATH="$ROOT/node_modules/.bin:$PATH"
MODE="${1:-test}"

ORGS=(regulator manufacturer distributor pharmacy otherpharma)
BRIDGE=pt-hosts
SUBNET=10.77.0
DRIVER_ADDRESS="$SUBNET.254"
GROUP=packtrace-hosts

fail() {
  echo "test-hosts: $*" >&2
  exit 1
}

# ---- refuse early, with a reason, before anything is made ----
case "$MODE" in test | bench) ;; *) fail "unknown mode '$MODE': give 'test' or 'bench'" ;; esac
[[ "$(id -u)" == 0 ]] || fail "needs root (it creates network namespaces and Unix users); run it as root, as CI does"
# iproute2 (ip) may be missing from a minimal Debian: installed like the browser and decoders,
# Debian's build, pinned (the current one if a security update replaced it on the mirrors).
if ! command -v ip >/dev/null; then
  echo "test-hosts: installing Debian's iproute2 (ip) for the network namespaces..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends iproute2=6.1.0-3 >/dev/null ||
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends iproute2 >/dev/null
fi
for tool in ip setpriv useradd userdel groupadd groupdel; do
  command -v "$tool" >/dev/null || fail "needs '$tool' on this machine (packages iproute2, util-linux, passwd)"
done
ip link show "$BRIDGE" >/dev/null 2>&1 &&
  fail "bridge $BRIDGE exists: another run of this test is in progress (or a killed run left it; remove it with 'ip link del $BRIDGE')"
for org in "${ORGS[@]}"; do
  ip netns list | grep -qw "pt-$org" && fail "network namespace pt-$org exists: another run is in progress (or a killed run left it; 'ip netns del pt-$org')"
  id "packtrace-$org" >/dev/null 2>&1 && fail "user packtrace-$org exists: another run is in progress (or a killed run left it; 'userdel packtrace-$org')"
done
[[ -f network/dist/cli.js ]] || fail "network/dist/cli.js is missing: build first (npx tsc -b)"
# Root in a container may still lack the right to make namespaces (CAP_NET_ADMIN, CAP_SYS_ADMIN).
if ! ip netns add "pt-probe-$$" 2>/dev/null; then
  fail "cannot create a network namespace here (root without CAP_NET_ADMIN/CAP_SYS_ADMIN, e.g. an unprivileged container)"
fi
ip netns del "pt-probe-$$"

STEP_NAME=""
STEP_START=0
# Prints how long the previous step took and names the next one ("" ends the last).
step() {
  local now
  now=$(date +%s%3N)
  if [[ -n "$STEP_NAME" ]]; then
    local ms=$((now - STEP_START))
    printf 'test-hosts: %4d.%01d s  %s\n' $((ms / 1000)) $((ms % 1000 / 100)) "$STEP_NAME"
  fi
  STEP_NAME="$1"
  STEP_START="$now"
  [[ -z "$STEP_NAME" ]] || echo "test-hosts: -- $STEP_NAME"
}

WORK=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  step "cleaning up (namespaces, links, processes, users, folders)"
  for org in "${ORGS[@]}"; do
    # Every process of the organisation's user and every process left in its namespace, by pid.
    local pids
    pids="$( (ps -o pid= -u "packtrace-$org" 2>/dev/null || true; ip netns pids "pt-$org" 2>/dev/null || true) | sort -u | tr '\n' ' ')"
    if [[ -n "${pids// /}" ]]; then
      # shellcheck disable=SC2086
      kill -TERM $pids 2>/dev/null || true
    fi
  done
  sleep 1
  for org in "${ORGS[@]}"; do
    local pids
    pids="$( (ps -o pid= -u "packtrace-$org" 2>/dev/null || true; ip netns pids "pt-$org" 2>/dev/null || true) | sort -u | tr '\n' ' ')"
    if [[ -n "${pids// /}" ]]; then
      # shellcheck disable=SC2086
      kill -KILL $pids 2>/dev/null || true
    fi
  done
  for org in "${ORGS[@]}"; do
    ip netns del "pt-$org" 2>/dev/null || true
  done
  for index in "${!ORGS[@]}"; do
    ip link del "pth-$((index + 1))" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  for org in "${ORGS[@]}"; do
    userdel "packtrace-$org" 2>/dev/null || true
    getent group "packtrace-$org" >/dev/null && groupdel "packtrace-$org" 2>/dev/null
  done
  getent group "$GROUP" >/dev/null && groupdel "$GROUP" 2>/dev/null
  if [[ -n "$WORK" && -d "$WORK" ]]; then
    # The processes' logs (never anything else of the folders: they hold private keys) stay in
    # test-output/hosts/logs/ for a failure's post-mortem.
    rm -rf test-output/hosts/logs
    for org in "${ORGS[@]}"; do
      [[ -d "$WORK/$org" ]] || continue
      find "$WORK/$org" -path '*/logs/*' -type f -name '*.log' | while read -r log; do
        install -D -m 0644 "$log" "test-output/hosts/logs/$org/$(basename "$log")"
      done
    done
    rm -rf "$WORK"
  fi
  step ""
  local left
  left="$(ip netns list | grep -c '^pt-' || true)"
  [[ "$left" == 0 ]] || echo "test-hosts: WARNING: $left pt-* namespaces are still there" >&2
  if [[ $status == 0 ]]; then echo "test-hosts: PASS"; else echo "test-hosts: FAIL (exit $status)" >&2; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

TOTAL_START=$(date +%s)

step "building Fabric if needed"
bash network/scripts/build-fabric.sh

step "creating the hosts: bridge $BRIDGE, one namespace, address and user per organisation, the mailbox"
WORK="$(mktemp -d /tmp/packtrace-hosts.XXXXXX)"
chmod 0711 "$WORK"
groupadd --system "$GROUP"
ip link add "$BRIDGE" type bridge
ip addr add "$DRIVER_ADDRESS/24" dev "$BRIDGE"
ip link set "$BRIDGE" up
HOSTS_ENV="$WORK/hosts.env"
: >"$HOSTS_ENV"
for index in "${!ORGS[@]}"; do
  org="${ORGS[$index]}"
  n=$((index + 1))
  ns="pt-$org"
  ip netns add "$ns"
  ip netns exec "$ns" ip link set lo up
  # The host's end is pth-N on the bridge; the namespace's end becomes its eth0.
  ip link add "pth-$n" type veth peer name "ptn-$n"
  ip link set "ptn-$n" netns "$ns"
  ip netns exec "$ns" ip link set "ptn-$n" name eth0
  ip netns exec "$ns" ip addr add "$SUBNET.$n/24" dev eth0
  ip netns exec "$ns" ip link set eth0 up
  ip link set "pth-$n" master "$BRIDGE"
  ip link set "pth-$n" up
  useradd --system --user-group --no-create-home --home-dir "$WORK/$org" \
    --shell /usr/sbin/nologin --groups "$GROUP" "packtrace-$org"
  install -d -m 0700 -o "packtrace-$org" -g "packtrace-$org" "$WORK/$org"
  echo "$org $ns packtrace-$org $SUBNET.$n pth-$n $WORK/$org" >>"$HOSTS_ENV"
done
# The mailbox: every organisation's user may add files and, as its commands run with umask 002,
# sign another's update file in place (group $GROUP, setgid); nothing else passes between hosts.
install -d -m 2770 -o root -g "$GROUP" "$WORK/mailbox"

step "checking that every organisation's user can read the repository, node and Fabric's binaries"
NODE_BIN="$ROOT/node_modules/.bin/node"
[[ -x "$NODE_BIN" ]] || NODE_BIN="$(command -v node)"
for org in "${ORGS[@]}"; do
  setpriv --reuid "packtrace-$org" --regid "packtrace-$org" --init-groups \
    env -i PATH=/usr/bin:/bin bash -c '
      for path in "$@"; do
        [[ -r "$path" ]] || { echo "test-hosts: $path is not readable by $(id -un): make the repository world-readable (chmod -R o+rX)" >&2; exit 1; }
      done
      for exe in "${@: -3}"; do
        [[ -x "$exe" ]] || { echo "test-hosts: $exe is not executable by $(id -un)" >&2; exit 1; }
      done' _ \
    "$ROOT/network/dist/cli.js" "$ROOT/node_modules/@hyperledger" "$ROOT/chaincode/dist" \
    "$ROOT/gateway-api/dist/main.js" "$ROOT/network/topology.json" "$ROOT/consortium/consortium.json" \
    "$NODE_BIN" "$ROOT/network/.bin/peer" "$ROOT/network/builders/ccaas/bin/build"
  # And that it cannot read the others' folders (the mailbox aside).
  for other in "${ORGS[@]}"; do
    [[ "$other" == "$org" ]] && continue
    if setpriv --reuid "packtrace-$org" --regid "packtrace-$org" --init-groups ls "$WORK/$other" >/dev/null 2>&1; then
      fail "packtrace-$org can list $WORK/$other"
    fi
  done
done

step "checking that the hosts reach each other over the bridge"
for index in "${!ORGS[@]}"; do
  org="${ORGS[$index]}"
  ip netns exec "pt-$org" "$NODE_BIN" -e '
    const net = require("node:net");
    const server = net.createServer((s) => s.end()).listen(0, process.argv[1], () => {
      const socket = net.connect(server.address().port, process.argv[1], () => { socket.destroy(); server.close(); });
      socket.on("error", (e) => { console.error(e.message); process.exit(1); });
    });' "$SUBNET.$((index + 1))"
done
# From the driver (root namespace) to one host and from one host to another: a TCP connect
# refused (nothing listens) proves the route; a timeout does not.
"$NODE_BIN" -e '
  const net = require("node:net");
  const socket = net.connect(1, process.argv[1]);
  socket.setTimeout(3000, () => { console.error("no route to " + process.argv[1]); process.exit(1); });
  socket.on("error", (e) => process.exit(e.code === "ECONNREFUSED" ? 0 : (console.error(e.message), 1)));
  socket.on("connect", () => process.exit(0));' "$SUBNET.1"
ip netns exec pt-regulator "$NODE_BIN" -e '
  const net = require("node:net");
  const socket = net.connect(1, process.argv[1]);
  socket.setTimeout(3000, () => { console.error("no route to " + process.argv[1]); process.exit(1); });
  socket.on("error", (e) => process.exit(e.code === "ECONNREFUSED" ? 0 : (console.error(e.message), 1)));
  socket.on("connect", () => process.exit(0));' "$SUBNET.5"

export PACKTRACE_HOSTS_ROOT="$ROOT"
export PACKTRACE_HOSTS_FILE="$HOSTS_ENV"
export PACKTRACE_HOSTS_MAILBOX="$WORK/mailbox"
export PACKTRACE_HOSTS_NODE="$NODE_BIN"
export DEMO_PASSWORD="${DEMO_PASSWORD:-hosts-demo-$(date +%s)}"
if [[ "$MODE" == test ]]; then
  step "the operator's runbook, organisation by organisation (test/hosts/consortium-hosts.spec.ts)"
  npx jest --config test/hosts/jest.config.js
  step "the chaincode scenario suites through the pharmacy organisation's peer, each on a channel the five hosts form"
  # Two at a time, as on the one-machine network: they wait on the network more than they compute.
  LEDGER=fabric PACKTRACE_SCENARIO_GATEWAY_ORG=pharmacy \
    npx jest --config test/hosts/scenarios.jest.config.js --maxWorkers 2 "${@:2}"
else
  step "the join benchmark (bench/join-benchmark.ts)"
  node bench/run-benchmark.mjs join-benchmark
fi
step ""
echo "test-hosts: whole run $(($(date +%s) - TOTAL_START)) s before clean-up"
