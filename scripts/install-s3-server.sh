#!/usr/bin/env bash
# Installs a real S3-compatible HTTP server for the document-store tests: moto's server (PyPI
# `moto[server]`), into .tools/moto. Idempotent. Run it as `PYTHONPATH=.tools/moto python3 -m moto.server`.
set -euo pipefail
cd "$(dirname "$0")/.."

MOTO_VERSION=5.2.5
target=.tools/moto
stamp="$target/.installed-$MOTO_VERSION"
[ -f "$stamp" ] && exit 0

pip=""
for candidate in pip3 pip "python3 -m pip"; do
  if $candidate --version >/dev/null 2>&1; then pip="$candidate"; break; fi
done
if [ -z "$pip" ]; then
  echo "install-s3-server: no pip found; the S3 document-store tests will be skipped" >&2
  exit 0
fi
echo "install-s3-server: installing moto[server]==$MOTO_VERSION into $target"
rm -rf "$target"
PIP_ROOT_USER_ACTION=ignore $pip install --quiet --disable-pip-version-check --no-warn-script-location --target "$target" \
  "moto[server]==$MOTO_VERSION"
touch "$stamp"
