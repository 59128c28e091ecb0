#!/usr/bin/env bash
# Installs the barcode decoders the label tests read printed labels with: libdmtx's dmtxread
# (GS1 DataMatrix) and ZBar's zbarimg (QR code), Debian's builds, pinned so every machine
# decodes with the same versions. The project wrote neither.
set -euo pipefail
packages=("dmtx-utils=0.7.6-1.1+b1" "zbar-tools=0.23.92-7+deb12u1")
if command -v dmtxread >/dev/null && command -v zbarimg >/dev/null; then
  echo "decoders for the label tests: $(dmtxread --version 2>&1 | head -n 1), zbarimg $(zbarimg --version)"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "dmtxread or zbarimg is missing and installing them needs root: run 'sudo apt-get install ${packages[*]}'." >&2
  exit 1
fi
echo "Installing Debian's barcode decoders for the label tests..."
apt-get update -qq
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null; then
  # A security update replaces a pinned build on the mirrors; the suite still needs a decoder.
  echo "the pinned builds (${packages[*]}) are gone from the mirrors; installing the current ones" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]%%=*}" >/dev/null
fi
echo "decoders for the label tests: $(dmtxread --version 2>&1 | head -n 1), zbarimg $(zbarimg --version)"
