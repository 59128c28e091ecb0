#!/usr/bin/env bash
# Every jest suite on the embedded ledger: first all but the browser suites, two at a time (they
# are CPU-bound and this machine kind has two cores: 373 s -> 266 s for the whole step, measured
# 2026-12-07), then the browser suites one at a time, since each starts Chromium and two would
# thrash the cores.
set -euo pipefail
cd "$(dirname "$0")/.."
npx jest --maxWorkers 2 --testPathIgnorePatterns '/node_modules/' '/dist/' '/test/network/' '/test/browser/'
npx jest --maxWorkers 1 test/browser
