#!/usr/bin/env bash
# Starts Concord the way README.md says, on an empty data folder, and checks that a newcomer can sign in
# with the printed demo account and see people. Stops the server when done.
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d)
port=3917
log=$(mktemp)
# Its own process group, so that stopping it stops npm and the server npm started.
CONCORD_DATA_DIR="$data" PORT=$port setsid npm start >"$log" 2>&1 &
pid=$!
# The server may still be writing (the outbox delivers the demo's e-mails) until the whole group has gone.
cleanup() {
  kill -- -"$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 -- -"$pid" 2>/dev/null || break; sleep 0.2; done
  kill -9 -- -"$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "npm start exited early"; exit 1; }
  sleep 1
done
grep -q "Sign in as admin@concord.example" "$log" || { cat "$log"; echo "no demo sign-in printed"; exit 1; }
jar=$(mktemp)
curl -fsS -c "$jar" -H 'content-type: application/json' \
  -d '{"email":"admin@bostoncommunityhealth.example","password":"concord-demo-2026"}' \
  "http://127.0.0.1:$port/api/auth/sign-in" >/dev/null
total=$(curl -fsS -b "$jar" "http://127.0.0.1:$port/api/people?pageSize=1" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).total))')
curl -fsS "http://127.0.0.1:$port/" | grep -q '<div id="root">' || { echo "the web app is not served"; exit 1; }
echo "fresh start ok: demo data loaded, $total people visible to the Boston Community Health Center administrator"
[ "$total" -gt 100 ]
