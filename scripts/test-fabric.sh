#!/usr/bin/env bash
# Runs the platform on a real five-organisation Fabric network: starts a network of its own
# (built from the Go module proxy on first use, data in network/.run-test), runs the fault
# tests, the gateway API suites and the browser suites with LEDGER=fabric (each gateway on a
# fresh channel), and stops the network whatever happened. The portable chaincode scenario
# suites run on Fabric in scripts/test-hosts.sh (or here with PACKTRACE_FABRIC_SCENARIOS=1).
#
# Suites run in batches, each batch on a freshly reset network. Every channel costs the idle
# peers CPU (gossip and block delivery per channel: about 2% of a core per channel on this
# machine, measured with 33 channels), and each suite makes one, so one network for all ~110
# suites ended with the peers taking the whole machine and suites 3-8 times slower than on a
# fresh network. A reset and `up` takes about 25 s. PACKTRACE_FABRIC_BATCH sets the batch size.
set -euo pipefail
cd "$(dirname "$0")/.."

cli() { node network/dist/cli.js "$@"; }

if env -u NETWORK_DIR node network/dist/cli.js status 2>/dev/null | grep -qE '\s(healthy|running|unhealthy)\s'; then
  echo "A Fabric network of this checkout is running (npm run network:status); its ports are the" >&2
  echo "ones the test network needs. Stop it first: npm run network:down" >&2
  exit 1
fi

export NETWORK_DIR="$PWD/network/.run-test"
BATCH="${PACKTRACE_FABRIC_BATCH:-12}"
bash network/scripts/build-fabric.sh
trap 'cli down >/dev/null || true' EXIT

# A network with nothing on it but the consortium's parties on the main channel, as
# `npm run network:up` leaves it; the data of the one before is deleted.
fresh_network() {
  cli reset >/dev/null
  cli up
  node ledger/dist/seed-cli.js
}

IGNORED=('/node_modules/' '/dist/' '/embedded/')
# Commits take a block interval on Fabric, so large jobs take longer than on the embedded
# ledger: the deadline per test is wider; the assertions are the same. Suites in an `embedded/`
# folder run on the embedded ledger only.
jest_fabric() {
  LEDGER=fabric npx jest --testTimeout 240000 --testPathIgnorePatterns "${IGNORED[@]}" "$@"
}

FAILED=()
# Runs every suite under the folder $1 in batches of $BATCH, each batch on a fresh network, with
# $2 jest workers. A failing batch does not stop the others; the script fails at the end.
in_batches() {
  local suites=()
  mapfile -t suites < <(npx jest --listTests --testPathIgnorePatterns "${IGNORED[@]}" -- "$1" | sort)
  if [ "${#suites[@]}" -eq 0 ]; then
    echo "test-fabric: no suites under $1" >&2
    exit 1
  fi
  local start
  for ((start = 0; start < ${#suites[@]}; start += BATCH)); do
    local batch=("${suites[@]:start:BATCH}")
    echo "test-fabric: $(date -u +%H:%M:%S) $1, suites $((start + 1))-$((start + ${#batch[@]})) of ${#suites[@]} on a fresh network"
    fresh_network
    jest_fabric --maxWorkers "$2" --runTestsByPath "${batch[@]}" || FAILED+=("$1 suites $((start + 1))-$((start + ${#batch[@]}))")
  done
}

# Faults first and on their own network, one at a time: they restart and kill its processes.
in_batches test/network 1
# The chaincode scenario suites run on Fabric in `npm run test:hosts`, on the consortium run apart
# (each on a channel the five hosts form, through one organisation's peer), which covers what
# running them here did; PACKTRACE_FABRIC_SCENARIOS=1 runs them here too, e.g. without root.
# Scenario and gateway suites wait on the network more than they compute, so two run at once
# (measured on one batch: gateway suites 182 s -> 137 s, scenario suites 400 s -> 331 s).
if [ "${PACKTRACE_FABRIC_SCENARIOS:-0}" = 1 ]; then
  in_batches test/chaincode 2
fi
# The gateway API suites over HTTP, each gateway on its own channel.
in_batches gateway-api/test 2
# The browser suites (Chromium, the fake camera filming printed labels), each platform on its
# own channel; their deadlines follow LEDGER (test/browser/support/platform.ts PATIENCE). The
# page and Chromium are built and installed by `npm test` first; again here when run alone.
npm run build -w scanner-web >/dev/null
bash scripts/install-browser.sh
in_batches test/browser 1

echo "test-fabric: $(date -u +%H:%M:%S) done"
if [ "${#FAILED[@]}" -gt 0 ]; then
  echo "test-fabric: failed: ${FAILED[*]}" >&2
  exit 1
fi
