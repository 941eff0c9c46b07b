#!/usr/bin/env bash
# Installs what the tests need beyond rustc and cargo, once; quick when
# everything is already there. Part of the README's test command and of CI.
set -euo pipefail
cd "$(dirname "$0")/.."

# rustfmt and clippy, for the test command's `cargo fmt --check` and
# `cargo clippy`, when the toolchain came without them.
if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
  rustup component add rustfmt clippy
fi

# schemathesis, for the API conformance test, in a venv of its own.
if ! target/tools/venv/bin/schemathesis --version >/dev/null 2>&1; then
  mkdir -p target/tools
  python3 -m venv target/tools/venv
  target/tools/venv/bin/pip install --quiet --disable-pip-version-check schemathesis
fi

# cargo-fuzz, for the short seeded fuzz runs.
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install --quiet --locked cargo-fuzz
fi

# Chromium, for the explorer's browser test (Debian's package; we run as root).
if [ ! -x /usr/bin/chromium ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
