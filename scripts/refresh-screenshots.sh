#!/usr/bin/env bash
# Refreshes the screenshots docs/ shows. The browser suites write their screenshots under the
# ignored test-output/screenshots/ (so `npm test` changes no tracked file); this runs only those
# suites, on a fresh build of the page, and copies what they took over docs/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."

out=test-output/screenshots
rm -rf "$out"
bash scripts/install-browser.sh
npm run build -w scanner-web
npx jest test/browser

shopt -s nullglob
shots=("$out"/*.png)
if [ "${#shots[@]}" -eq 0 ]; then
  echo "the browser suites wrote no screenshots to $out" >&2
  exit 1
fi
mkdir -p docs/screenshots
cp "${shots[@]}" docs/screenshots/
echo "copied ${#shots[@]} screenshots to docs/screenshots/ (changed files below):"
git status --short -- docs/screenshots 2>/dev/null || true
