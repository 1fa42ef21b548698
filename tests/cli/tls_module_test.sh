#!/bin/bash
# The TLS transport is a module that ejcluster loads only for a desired state with "tls": the
# binary itself needs no libssl (its start would pay for binding libcrypto), a missing module is
# named as such at $.tls with exit 1, and a module found beside the binary is used.
#   tls_module_test.sh EJCLUSTER_BINARY TLS_MODULE
set -u
binary=$1 module=$2
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT

readelf -d "$binary" | grep -q 'NEEDED.*libssl' && fail "ejcluster links libssl: every run would load it"
readelf -d "$module" | grep -q 'NEEDED.*libssl' || fail "the module does not link libssl"

cp "$binary" "$work/ejcluster"
printf '{"nodes": ["a@127.0.0.1"], "cookie": "c", "tls": {"verify": false}, "timeouts_ms": {"connect": 500}}' >"$work/tls.json"
printf '{"nodes": ["a@127.0.0.1"], "cookie": "c", "timeouts_ms": {"connect": 500}}' >"$work/plain.json"

err=$("$work/ejcluster" status --file "$work/tls.json" 2>&1 >/dev/null); code=$?
[ "$code" -eq 1 ] || fail "without the module: exit $code, expected 1"
grep -q '^error: \$\.tls: TLS distribution needs ejcluster.s module ejcluster-tls.so' <<<"$err" || fail "without the module: $err"
"$work/ejcluster" status --file "$work/plain.json" >/dev/null 2>&1; code=$?
[ "$code" -eq 3 ] || fail "plain distribution without the module: exit $code, expected 3 (no node runs)"

cp "$module" "$work/ejcluster-tls.so"
err=$("$work/ejcluster" status --file "$work/tls.json" 2>&1 >/dev/null); code=$?
[ "$code" -eq 3 ] || fail "with the module: exit $code, expected 3 (no node runs): $err"
grep -q 'ejcluster-tls.so' <<<"$err" && fail "with the module it is still said missing: $err"
echo "$failures failed"
exit $((failures > 0))
