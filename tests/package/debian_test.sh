#!/bin/bash
# The Debian packages as an operator gets them: cmake --build --target package makes both .debs
# (and the Ansible collection's tarball),
# lintian finds no error in them, apt installs them, and then, from PATH: ejcluster --version, its
# man page and completion, the installed examples valid against the installed schema, and a
# Terraform configuration with source = "ejcluster/ejcluster" that passes terraform init and plan
# offline through the filesystem mirror the provider package lays out. The packages are removed
# again at the end. Exits 125 (ctest: skipped) without root or apt.
#
#   debian_test.sh BUILD_DIR VERSION
set -uo pipefail
BUILD=$(cd "${1:?build dir}" && pwd) VERSION=${2:?version}
skip() { echo "SKIPPED: $*"; exit 125; }
[ "$(id -u)" = 0 ] || skip "needs root (apt install)"
command -v apt-get >/dev/null || skip "no apt-get"

FAILED=0
pass() { echo "ok   - $*"; }
fail() { echo "FAIL - $*"; FAILED=1; }
WORK=$(mktemp -d /tmp/ejcluster-package.XXXXXX)
cleanup() {
  DEBIAN_FRONTEND=noninteractive apt-get remove -y -q ejcluster terraform-provider-ejcluster >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "# packages"
cmake --build "$BUILD" --target package >"$WORK/package.log" 2>&1 || { fail "the package target"; tail -20 "$WORK/package.log"; exit 1; }
DEB=$BUILD/ejcluster_${VERSION}_amd64.deb PROVIDER_DEB=$BUILD/terraform-provider-ejcluster_${VERSION}_amd64.deb
[ -f "$DEB" ] && [ -f "$PROVIDER_DEB" ] && pass "both packages are in the build directory" || { fail "no .deb"; ls "$BUILD"/*.deb; exit 1; }
COLLECTION=$BUILD/ejcluster-ejabberd-${VERSION}.tar.gz
tar -tzf "$COLLECTION" 2>/dev/null | grep -q "plugins/modules/cluster.py" &&
  pass "the Ansible collection $(basename "$COLLECTION") is beside them" || fail "no collection tarball $COLLECTION"
for deb in "$DEB" "$PROVIDER_DEB"; do
  depends=$(dpkg-deb -f "$deb" Depends)
  [[ $depends == *libc6* ]] && pass "$(basename "$deb") depends on what its binary links (${depends})" ||
    fail "$(basename "$deb") Depends: '$depends'"
done
if command -v lintian >/dev/null; then
  lintian --tag-display-limit 0 "$DEB" "$PROVIDER_DEB" >"$WORK/lintian.log" 2>&1
  grep -q '^E: ' "$WORK/lintian.log" && { fail "lintian errors"; grep '^E: ' "$WORK/lintian.log"; } || pass "lintian: no errors"
else
  fail "lintian is not installed"
fi

echo "# apt install"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$DEB" "$PROVIDER_DEB" >"$WORK/apt.log" 2>&1 &&
  pass "apt installs both" || { fail "apt install"; tail -20 "$WORK/apt.log"; exit 1; }
[ "$(command -v ejcluster)" = /usr/bin/ejcluster ] && pass "ejcluster is /usr/bin/ejcluster" || fail "ejcluster on PATH: $(command -v ejcluster)"
[ "$(ejcluster --version)" = "ejcluster $VERSION" ] && pass "ejcluster --version says $VERSION" || fail "--version: $(ejcluster --version)"
MANWIDTH=80 man ejcluster 2>/dev/null | grep -q "^SYNOPSIS" && pass "man ejcluster shows the page" || fail "man ejcluster"
[ -f /usr/share/bash-completion/completions/ejcluster ] && pass "bash completion installed" || fail "no bash completion"
backups_owner=$(stat -c '%U %a' /var/lib/ejcluster/backups 2>/dev/null || echo missing)
expected_owner="$(getent passwd ejabberd >/dev/null && echo ejabberd || echo root) 700"
[ "$backups_owner" = "$expected_owner" ] && pass "the default backup_dir is made: $backups_owner" ||
  fail "/var/lib/ejcluster/backups: $backups_owner, not $expected_owner"
[[ $(dpkg-deb -f "$DEB" Depends) == *libssl3* ]] && pass "ejcluster depends on libssl3 (its TLS module links it)" ||
  fail "ejcluster's Depends lacks libssl3: $(dpkg-deb -f "$DEB" Depends)"
tls_error=$(echo '{"nodes": ["a@127.0.0.1"], "cookie": "c", "tls": {"verify": false}, "timeouts_ms": {"connect": 500}}' |
            ejcluster status 2>&1 >/dev/null)
[ -f /usr/lib/ejcluster/ejcluster-tls.so ] && [[ $tls_error != *ejcluster-tls.so* ]] &&
  pass "the installed ejcluster loads its TLS module from /usr/lib/ejcluster" || fail "TLS module: $tls_error"
/usr/bin/python3 - <<'PY' && pass "the installed examples validate against the installed schema" || fail "installed examples"
import glob, json, os, jsonschema
schema = json.load(open('/usr/share/ejcluster/desired_state.schema.json'))
examples = glob.glob('/usr/share/ejcluster/examples/*.json')
assert len(examples) >= 3, examples
for path in examples:
    document = json.load(open(path))
    assert os.path.normpath(os.path.join(os.path.dirname(path), document['$schema'])) == '/usr/share/ejcluster/desired_state.schema.json'
    jsonschema.Draft202012Validator(schema).validate(document)
PY

echo "# terraform init and plan offline, through the filesystem mirror"
if command -v terraform >/dev/null; then
  mkdir -p "$WORK/tf"
  cat >"$WORK/cli.tfrc" <<CFG
provider_installation {
  filesystem_mirror {
    path    = "/usr/share/terraform/plugins"
    include = ["ejcluster/ejcluster"]
  }
}
CFG
  cat >"$WORK/tf/main.tf" <<TF
terraform {
  required_providers {
    ejcluster = { source = "ejcluster/ejcluster", version = "$VERSION" }
  }
}
resource "ejcluster_cluster" "main" {
  nodes    = ["ejcnopackage1@localhost"]
  cookie   = "not-a-cluster"
  timeouts = { connect_ms = 1000 }
}
TF
  (cd "$WORK/tf" && TF_CLI_CONFIG_FILE=$WORK/cli.tfrc TF_IN_AUTOMATION=1 terraform init -no-color -input=false) >"$WORK/init.log" 2>&1 &&
    grep -q "Installed ejcluster/ejcluster v$VERSION" "$WORK/init.log" && pass "terraform init installs ejcluster/ejcluster v$VERSION from the mirror" ||
    { fail "terraform init"; tail -20 "$WORK/init.log"; }
  (cd "$WORK/tf" && TF_CLI_CONFIG_FILE=$WORK/cli.tfrc TF_IN_AUTOMATION=1 terraform plan -no-color -input=false) >"$WORK/plan.log" 2>&1 &&
    grep -q "ejcluster_cluster.main will be created" "$WORK/plan.log" && pass "terraform plan runs the installed provider" ||
    { fail "terraform plan"; tail -20 "$WORK/plan.log"; }
else
  fail "terraform is not on PATH"
fi

[ $FAILED = 0 ] && echo "PASS" || echo "FAILED"
exit $FAILED
