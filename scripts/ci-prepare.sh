#!/usr/bin/env bash
# Things the test suite needs from the machine, installed by `.ci/run` before the tests run.
# Idempotent and quick when everything is already there.
#
# - Chromium from Debian, for the demo console's browser test (apps/demo/test/console.test.ts
#   drives it with playwright-core; no browser is downloaded from anywhere else).
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "chromium: present"
else
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-liberation
  echo "chromium: installed"
fi
# Debian's wrapper script prints a harmless shell warning on some machines; keep only the version.
/usr/bin/chromium --version 2>/dev/null || true
