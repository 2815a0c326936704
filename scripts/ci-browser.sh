#!/usr/bin/env bash
# Install headless Chromium and its WebDriver (Debian's chromium and chromium-driver)
# for the dashboard's browser tests (tests/web) and bench/dashboard.py.
# Idempotent: does nothing when both are there. Runs apt-get as root (or with sudo).
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }

if have chromium && have chromedriver; then
  echo "ci-browser: $(chromium --version 2>/dev/null | head -n1); $(chromedriver --version 2>/dev/null | head -n1)"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif have sudo; then
  SUDO=(sudo)
else
  echo "ci-browser: chromium and chromium-driver are missing and this user cannot install them (not root, no sudo)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q chromium chromium-driver

if ! have chromium || ! have chromedriver; then
  echo "ci-browser: chromium or chromedriver still missing after apt-get install" >&2
  exit 1
fi
echo "ci-browser: installed $(chromium --version 2>/dev/null | head -n1); $(chromedriver --version 2>/dev/null | head -n1)"
