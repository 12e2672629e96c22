#!/usr/bin/env bash
# `npm run security:scan`: Debian's sqlmap against the running app's sign-in form and the clerk's
# people search. Starts the app on a free port with a fresh demo database, scans, stops the app.
# Exits non-zero if sqlmap finds anything injectable, sees a 500, or cannot finish a scan.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v sqlmap >/dev/null 2>&1 || {
  echo "security-scan: sqlmap is not installed (Debian: apt-get install -y sqlmap)" >&2
  exit 2
}

work="$(mktemp -d -t drr-security-scan-XXXXXX)"
app_pid=""
drain_pid=""
cleanup() {
  [ -n "$drain_pid" ] && kill "$drain_pid" 2>/dev/null || true
  if [ -n "$app_pid" ]; then
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  if [ -n "${SECURITY_SCAN_KEEP:-}" ]; then echo "security-scan: logs kept in ${work}"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port="$(node -e "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
base="http://127.0.0.1:${port}"
db="${work}/app.sqlite3"
password="${DEMO_PASSWORD:-Demo-Password-2026}"

echo "== starting the app on ${base} (fresh demo database)"
started=$SECONDS
PORT="$port" DATABASE_URL="sqlite:${db}" DEMO_PASSWORD="$password" RUN_WORKER=false LOG_LEVEL=warn \
  node scripts/start.js >"${work}/app.log" 2>&1 &
app_pid=$!
until curl -fsS "${base}/health" >/dev/null 2>&1; do
  if ! kill -0 "$app_pid" 2>/dev/null; then
    echo "security-scan: the app did not start:" >&2
    tail -n 30 "${work}/app.log" >&2
    exit 2
  fi
  if [ $((SECONDS - started)) -gt 180 ]; then
    echo "security-scan: the app did not answer /health within 180 s" >&2
    exit 2
  fi
  sleep 0.5
done
echo "   up after $((SECONDS - started)) s"

# A signed-in clerk for the search: the session cookie from a real sign-in.
jar="${work}/cookies.txt"
token="$(curl -fsS -c "$jar" "${base}/sign-in" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n1)"
curl -fsS -b "$jar" -c "$jar" -o /dev/null \
  --data-urlencode "email=clerk@example.com" --data-urlencode "password=${password}" --data-urlencode "_csrf=${token}" \
  "${base}/sign-in"
session="$(awk '$6 == "session" { print $7 }' "$jar")"
# The page is read whole before it is searched: `curl | grep -q` under pipefail fails with curl's
# "Failed writing body" (23) as soon as grep has seen enough of a long page.
people_page=""
[ -n "$session" ] && people_page="$(curl -fsS -b "session=${session}" "${base}/people?q=a" || true)"
if ! grep -q 'name="q"' <<<"$people_page"; then
  echo "security-scan: could not sign in as clerk@example.com to reach the people search" >&2
  exit 2
fi

# A wrong password is answered 401 on the spot (and a throttled one 429), which sqlmap would take for
# a missing HTTP login and stop: both are ignored codes for the sign-in scan. Every wrong password
# counts towards the sign-in delays (per account and address, and 50 in 15 minutes per address), after
# which the app stops looking the email up at all. Emptying the attempts while sqlmap runs keeps every
# payload on the path that queries the database, which is the path being tested.
node -e "
  const sqlite3 = require('sqlite3')
  const db = new sqlite3.Database(process.argv[1])
  db.configure('busyTimeout', 5000)
  setInterval(() => db.run('DELETE FROM sign_in_attempt'), 250)
" "$db" &
drain_pid=$!

failed=0
# sqlmap: no questions, nothing remembered between runs, risk 1 or 2 (never risk 3's OR payloads,
# which could change rows), and the payloads of the database this app is running on: every sign-in
# costs a deliberately slow password hash (~0.3 s), so MySQL, Oracle and SQL Server payloads would
# triple the time without testing anything this SQLite app could run.
common=(--batch --flush-session --dbms SQLite --keep-alive --disable-coloring --output-dir "${work}/sqlmap")

# The verdict from a sqlmap log: clean only when sqlmap says so, the app never answered 5xx, and the
# requests really reached the form or the search (not refused as forged, not sent to sign in).
verdict_of() {
  local log="$1" signed_in="$2" codes
  codes="$(grep -A10 "HTTP error codes detected during run" "$log" | grep -E "^[0-9]{3} \(" || true)"
  if grep -Eqi "identified the following injection point|is vulnerable|appears to be .* injectable|might be injectable|might be vulnerable" "$log"; then
    echo "INJECTABLE"
  elif grep -Eq "^5[0-9]{2} \(" <<<"$codes"; then
    echo "SERVER ERRORS"
  elif grep -Eq "^403 \(Forbidden\) - ([3-9]|[0-9]{2,}) times" <<<"$codes" ||
    { [ "$signed_in" = yes ] && grep -q "redirect to '[^']*/sign-in" "$log"; }; then
    echo "INCONCLUSIVE (refused as forged, or signed out)"
  elif ! grep -q "all tested parameters do not appear to be injectable" "$log"; then
    echo "INCONCLUSIVE"
  else
    echo "clean"
  fi
}

scan() {
  local name="$1" signed_in="$2"
  shift 2
  local log="${work}/${name}.log"
  local t0=$SECONDS
  echo "== sqlmap: ${name}"
  sqlmap "${common[@]}" "$@" 2>&1 | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g; s/\r/\n/g' >"$log" || true
  local verdict
  verdict="$(verdict_of "$log" "$signed_in")"
  echo "   ${verdict} ($((SECONDS - t0)) s)"
  if [ "$verdict" != "clean" ]; then
    failed=1
    grep -E "\[(CRITICAL|ERROR|WARNING)\]|Parameter:|Type:|Title:|Payload:|^[0-9]{3} \(" "$log" | tail -n 40 || true
  fi
}

scan "sign-in form (email, password)" no \
  -u "${base}/sign-in" --data "email=nobody%40example.com&password=Not-the-password-1&_csrf=x" \
  -p "email,password" --csrf-token "_csrf" --csrf-url "${base}/sign-in" --level 2 --risk 1 --ignore-code 401,429

scan "people search (q), signed in as a clerk" yes \
  -u "${base}/people?q=smith" -p "q" --cookie "session=${session}" --level 3 --risk 2 --threads 4

if [ "$failed" -ne 0 ]; then
  echo "security-scan: FAILED (SECURITY_SCAN_KEEP=1 npm run security:scan keeps sqlmap's logs)" >&2
  exit 1
fi
echo "security-scan: nothing injectable in $((SECONDS - started)) s"
