#!/usr/bin/env bash
# Runs the platform on a real four-organisation Fabric network: starts a network of its own
# (built from the Go module proxy on first use, data in network/.run-test, wiped at the start),
# runs the fault tests, every portable chaincode scenario suite, the gateway API suites and the
# browser suites with LEDGER=fabric (each scenario and gateway on a fresh channel), and stops the
# network whatever happened.
set -euo pipefail
cd "$(dirname "$0")/.."

cli() { node network/dist/cli.js "$@"; }

if env -u NETWORK_DIR node network/dist/cli.js status 2>/dev/null | grep -qE '\s(healthy|running|unhealthy)\s'; then
  echo "A Fabric network of this checkout is running (npm run network:status); its ports are the" >&2
  echo "ones the test network needs. Stop it first: npm run network:down" >&2
  exit 1
fi

export NETWORK_DIR="$PWD/network/.run-test"
bash network/scripts/build-fabric.sh
cli reset
trap 'cli down >/dev/null || true' EXIT
cli up
# Seeding is the ledger's, as in `npm run network:up`: the consortium's parties on the main channel.
node ledger/dist/seed-cli.js

# Commits take a block interval on Fabric, so large jobs take longer than on the embedded
# ledger: the deadline per test is wider; the assertions are the same. Suites in an `embedded/`
# folder run on the embedded ledger only.
jest_fabric() {
  LEDGER=fabric npx jest --testTimeout 240000 \
    --testPathIgnorePatterns '/node_modules/' '/dist/' '/embedded/' \
    -- "$@"
}
# Faults first, while the network holds few channels: a whole-network restart is quickest then.
jest_fabric test/network
jest_fabric test/chaincode
# The gateway API suites over HTTP, each gateway on its own channel.
jest_fabric gateway-api/test
# The browser suites (Chromium, the fake camera filming printed labels), each platform on its
# own channel; their deadlines follow LEDGER (test/browser/support/platform.ts PATIENCE). The
# page and Chromium are built and installed by `npm test` first; again here when run alone.
npm run build -w scanner-web >/dev/null
bash scripts/install-browser.sh
jest_fabric test/browser
