#!/usr/bin/env bash
# Runs every test: installs what is missing, type-checks, lints and checks formatting,
# starts the local Kafka broker and makes sure PostgreSQL answers (jest's
# global setup does both), then runs the unit, integration and e2e suites.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
npm run typecheck
npm run lint --silent
npx jest --ci "$@"
