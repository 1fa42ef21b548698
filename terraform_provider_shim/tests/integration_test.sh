#!/bin/bash
# terraform.integration: the real terraform binary drives terraform-provider-ejcluster against four
# real ejabberd nodes (tests/sandbox/ejsandbox, prefix ejctf, c2s ports 18032..18052).
#
#   integration_test.sh PROVIDER_DIR EJCLUSTER_BINARY EJSANDBOX_SCRIPT
#
# The provider is found through a temporary CLI config with dev_overrides (no registry, no init).
# Checks, in order: apply forms the 3-node cluster; a second plan -detailed-exitcode exits 0; a member
# removed by hand (ejcluster apply with remove_absent on two nodes) makes plan exit 2 and names the
# join; apply repairs it; terraform import by a node name, then plan/apply settle; a bad node name is
# an error on its attribute (named as written, its line underlined); the drift plan and the plan
# that adds a fourth node are short and name the node early; apply gives what the plan showed;
# the inline cookie is in no state file; destroy leaves the cluster running; two TLS-distribution
# nodes form a cluster through a tls block, the state holds the key's path and not the key, and a
# wrong CA is named in the plan. Exits 125 (ctest: skipped) without terraform, ejabberd or root.
set -uo pipefail

PROVIDER_DIR=${1:?provider dir}
EJCLUSTER=${2:?ejcluster binary}
SANDBOX=${3:?ejsandbox script}

skip() { echo "SKIPPED: $*"; exit 125; }
command -v terraform >/dev/null || skip "no terraform on PATH (Terraform >= 1.11 is needed; providers are not downloaded)"
[ -x /usr/sbin/ejabberdctl ] || skip "ejabberd is not installed (/usr/sbin/ejabberdctl)"
[ "$(id -u)" = 0 ] || skip "needs root: ejabberdctl switches to the ejabberd user"
[ -x "$PROVIDER_DIR/terraform-provider-ejcluster" ] || { echo "FAIL: no provider in $PROVIDER_DIR (build first)"; exit 1; }

export EJSANDBOX_PORT_BASE=18022
SB=("$SANDBOX" --prefix ejctf --dir /tmp/ejcluster-test-ejctf)
N1=ejctf1@localhost N2=ejctf2@localhost N3=ejctf3@localhost N4=ejctf4@localhost

WORK=$(mktemp -d /tmp/ejctf-terraform.XXXXXX)
cleanup() {
  "${SB[@]}" wipe all >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

FAILED=0
pass() { echo "ok   - $*"; }
fail() { echo "FAIL - $*"; FAILED=1; }
# expect CODE NAME COMMAND...: runs COMMAND in $WORK/tf, output in $WORK/last.log
expect() {
  local want=$1 name=$2; shift 2
  local start end got
  start=$(date +%s%N)
  (cd "$WORK/tf" && "$@") >"$WORK/last.log" 2>&1
  got=$?
  end=$(date +%s%N)
  LAST_MS=$(((end - start) / 1000000))
  if [ "$got" = "$want" ]; then
    pass "$name (exit $got, ${LAST_MS} ms)"
  else
    fail "$name: exit $got, expected $want"
    sed 's/^/     | /' "$WORK/last.log" | tail -60
  fi
}
# resource_plan: what the plan in $WORK/last.log says of ejcluster_cluster.main: its preamble and
# the resource's block (not the data source's or the outputs' changes, which are the test's own
# configuration; not the dev_overrides warning, which a registry install does not print).
resource_plan() {
  local plan
  plan=$(sed '/^Warning: Provider development overrides/,/^releases\.$/d' "$WORK/last.log")
  sed -n '1,/^Terraform will perform the following actions:/p' <<<"$plan"
  awk '/^  # ejcluster_cluster\.main /{on=1} on{print} on && /^    }$/{exit}' <<<"$plan"
}
# readable_plan NAME NODE: the plan reads in seconds: under 60 lines, NODE named in the first 30.
readable_plan() {
  local plan lines first
  plan=$(resource_plan)
  lines=$(wc -l <<<"$plan")
  first=$(grep -n -m1 -F "$2" <<<"$plan" | cut -d: -f1)
  if [ "$lines" -lt 60 ] && [ -n "$first" ] && [ "$first" -le 30 ]; then
    pass "$1 is $lines lines and names $2 at line $first"
  else
    fail "$1 is $lines lines, names $2 at line ${first:-never}"; sed 's/^/     | /' <<<"$plan" | head -80
  fi
}
members_of() {  # the members ejcluster status sees, one line
  echo "{\"nodes\": [\"$N1\"], \"cookie_file\": \"$COOKIE_FILE\"}" | "$EJCLUSTER" status 2>/dev/null |
    python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)["members"]))'
}

echo "# sandbox: four fresh ejabberd nodes (the fourth joins late)"
"${SB[@]}" wipe all >/dev/null 2>&1
"${SB[@]}" start 4 >/dev/null || { echo "FAIL: the sandbox nodes did not start"; exit 1; }
COOKIE_FILE=$("${SB[@]}" cookie)
COOKIE=$(tr -d '[:space:]' <"$COOKIE_FILE")
[ -n "$COOKIE" ] || { echo "FAIL: empty cookie in $COOKIE_FILE"; exit 1; }

mkdir -p "$WORK/tf" "$WORK/bad"
# Every configuration here starts so: the provider by its registry address.
REQUIRED_PROVIDERS='terraform {
  required_providers {
    ejcluster = { source = "ejcluster/ejcluster" }
  }
}'
cat >"$WORK/cli.tfrc" <<CFG
provider_installation {
  dev_overrides {
    "ejcluster/ejcluster" = "$PROVIDER_DIR"
  }
  direct {}
}
CFG
export TF_CLI_CONFIG_FILE=$WORK/cli.tfrc TF_IN_AUTOMATION=1 TF_INPUT=0 NO_COLOR=1
unset TF_LOG

# The resource gets the cookie inline (write-only: it must reach no state file); refresh and
# import, which see no resource configuration, use the provider's cookie_file.
cat >"$WORK/tf/main.tf" <<TF
$REQUIRED_PROVIDERS
provider "ejcluster" {
  cookie_file = "$COOKIE_FILE"
}
resource "ejcluster_cluster" "main" {
  nodes    = ["$N1", "$N2", "$N3"]
  seed     = "$N1"
  cookie   = "$COOKIE"
  timeouts = { connect_ms = 3000, rpc_ms = 30000 }
}
data "ejcluster_status" "after" {
  nodes       = ["$N1", "$N2", "$N3"]
  cookie_file = "$COOKIE_FILE"
  depends_on  = [ejcluster_cluster.main]
}
output "members" { value = ejcluster_cluster.main.members }
output "status_members" { value = data.ejcluster_status.after.members }
TF

echo "# apply forms the cluster"
expect 2 "plan on fresh nodes shows changes" terraform plan -no-color -input=false -detailed-exitcode
grep -q "+ join $N2 via $N1" "$WORK/last.log" && grep -q "+ join $N3 via $N1" "$WORK/last.log" &&
  pass "the plan lists both joins in planned_actions" || fail "the plan does not list the joins"
expect 0 "apply" terraform apply -no-color -input=false -auto-approve
APPLY_MS=$LAST_MS
[ "$(members_of)" = "$N1 $N2 $N3" ] && pass "ejcluster status sees three members" || fail "members after apply: $(members_of)"
(cd "$WORK/tf" && terraform output -json status_members) | grep -q "$N3" &&
  pass "the data source sees the third member" || fail "data source members: $(cd "$WORK/tf" && terraform output -json status_members)"

echo "# a second plan changes nothing"
expect 0 "plan -detailed-exitcode on the converged cluster" terraform plan -no-color -input=false -detailed-exitcode
PLAN_MS=$LAST_MS

echo "# drift: a member removed by hand"
echo "{\"nodes\": [\"$N1\", \"$N2\"], \"seed\": \"$N1\", \"remove_absent\": true, \"cookie_file\": \"$COOKIE_FILE\"}" |
  "$EJCLUSTER" apply >/dev/null 2>&1 && [ "$(members_of)" = "$N1 $N2" ] &&
  pass "ejcluster apply removed $N3" || fail "could not remove $N3 by hand (members: $(members_of))"
expect 2 "plan -detailed-exitcode sees the drift" terraform plan -no-color -input=false -detailed-exitcode
DRIFT_MS=$LAST_MS
grep -q "+ join $N3 via $N1" "$WORK/last.log" && pass "the plan names the join that repairs it" ||
  fail "the drift plan does not name the join"
readable_plan "the drift plan" "$N3"
expect 0 "apply repairs it" terraform apply -no-color -input=false -auto-approve
REPAIR_MS=$LAST_MS
[ "$(members_of)" = "$N1 $N2 $N3" ] && pass "three members again" || fail "members after repair: $(members_of)"
expect 0 "plan after the repair changes nothing" terraform plan -no-color -input=false -detailed-exitcode

echo "# import by a member's node name"
expect 0 "state rm" terraform state rm ejcluster_cluster.main
expect 0 "import $N2" terraform import -no-color -input=false ejcluster_cluster.main "$N2"
(cd "$WORK/tf" && terraform state show -no-color ejcluster_cluster.main) >"$WORK/imported.txt" 2>&1
grep -q "id *= \"$N2\"" "$WORK/imported.txt" && grep -q "\"$N3\"" "$WORK/imported.txt" &&
  pass "refresh after import filled in the members" || { fail "imported state"; sed 's/^/     | /' "$WORK/imported.txt"; }
expect 2 "plan after import brings in the configuration" terraform plan -no-color -input=false -detailed-exitcode
grep -q "planned_actions" "$WORK/last.log" && fail "no cluster change expected after import" || pass "no cluster change planned after import"
expect 0 "apply after import" terraform apply -no-color -input=false -auto-approve
expect 0 "plan after import and apply changes nothing" terraform plan -no-color -input=false -detailed-exitcode

echo "# the cookie never reaches the state"
if grep -rqF "$COOKIE" "$WORK/tf"/terraform.tfstate*; then
  fail "the cookie value is in $(grep -rlF "$COOKIE" "$WORK/tf"/terraform.tfstate* | tr '\n' ' ')"
else
  pass "the cookie value is in no terraform.tfstate*"
fi
grep -q '"cookie": null' "$WORK/tf/terraform.tfstate" && pass "the state holds cookie = null" || fail "no null cookie in the state"

echo "# bad input is an error on its attribute, before any node is contacted"
cat >"$WORK/bad/main.tf" <<TF
$REQUIRED_PROVIDERS
resource "ejcluster_cluster" "bad" {
  nodes    = ["$N1", "nohost"]
  cookie   = "x"
  timeouts = { rpc_ms = 0 }
  tables   = { roster = { type = "tape_copies" } }
}
TF
(cd "$WORK/bad" && terraform plan -no-color -input=false) >"$WORK/bad.log" 2>&1
code=$?
if [ $code = 1 ] && grep -q "^nodes\[1\]: 'nohost' is not a node name: it has no '@'" "$WORK/bad.log"; then
  pass "a bad node name fails validation on nodes[1] with the core's message"
else
  fail "bad input: exit $code"; sed 's/^/     | /' "$WORK/bad.log" | tail -20
fi
# Each error names the attribute as written and underlines its line (not the resource header).
for want in "timeouts.rpc_ms: must be more than 0 ms|timeouts = { rpc_ms = 0 }" \
            "tables\[\"roster\"\].type: 'tape_copies' is not a storage type|tables   = { roster"; do
  message=${want%%|*} line=${want#*|}
  if grep -q "^$message" "$WORK/bad.log" && grep -B4 "^$message" "$WORK/bad.log" | grep -qF "$line"; then
    pass "the error on ${message%%:*} names it and points at its line"
  else
    fail "no error '$message' at the line '$line'"; sed 's/^/     | /' "$WORK/bad.log" | tail -30
  fi
done
grep -q '\$\.' "$WORK/bad.log" && fail "a contract path (\$.) in the Terraform errors" || pass "no contract path in the Terraform errors"

echo "# a fourth node added to the configuration"
sed -i "s/nodes    = \[\"$N1\", \"$N2\", \"$N3\"\]/nodes    = [\"$N1\", \"$N2\", \"$N3\", \"$N4\"]/" "$WORK/tf/main.tf"
grep -q "\"$N4\"" "$WORK/tf/main.tf" || fail "could not add $N4 to main.tf"
expect 2 "plan -detailed-exitcode shows the join of $N4" terraform plan -no-color -input=false -detailed-exitcode
readable_plan "the add-one-node plan" "$N4"
resource_plan | grep -q "placement" && fail "the add-one-node plan shows placement (a new master changes no table's entry)" ||
  pass "the add-one-node plan leaves placement alone"
expect 0 "apply joins $N4" terraform apply -no-color -input=false -auto-approve
grep -q "inconsistent" "$WORK/last.log" && fail "terraform found the apply inconsistent with the plan" ||
  pass "apply's result is what the plan showed"
[ "$(members_of)" = "$N1 $N2 $N3 $N4" ] && pass "four members" || fail "members after adding $N4: $(members_of)"
expect 0 "plan after adding $N4 changes nothing" terraform plan -no-color -input=false -detailed-exitcode
(cd "$WORK/tf" && terraform state show -no-color ejcluster_cluster.main) >"$WORK/show.txt" 2>&1
shown=$(wc -l <"$WORK/show.txt")
[ "$shown" -lt 150 ] && pass "terraform state show of the cluster is $shown lines (< 150)" ||
  { fail "terraform state show is $shown lines"; head -40 "$WORK/show.txt" | sed 's/^/     | /'; }

echo "# destroy leaves the cluster running"
expect 0 "destroy" terraform destroy -no-color -input=false -auto-approve
grep -q "left running" "$WORK/last.log" && pass "destroy says the cluster was left running" || fail "no warning on destroy"
[ "$(members_of)" = "$N1 $N2 $N3 $N4" ] && pass "still four members after destroy" || fail "members after destroy: $(members_of)"

echo "# a cluster whose nodes run Erlang distribution over TLS and demand a client certificate"
CERTS=/tmp/ejcluster-test-ejctft-certs
TLS_SB=(env EJSANDBOX_PORT_BASE=18522 "EJSANDBOX_DIST_OPTFILE=$CERTS/dist.optfile" "$SANDBOX" --prefix ejctft --dir /tmp/ejcluster-test-ejctft)
T1=ejctft1@localhost T2=ejctft2@localhost
"$(dirname "$SANDBOX")/tlscerts" "$CERTS" localhost || fail "tlscerts"
"${TLS_SB[@]}" wipe all >/dev/null 2>&1
if "${TLS_SB[@]}" start 2 >/dev/null; then
  mkdir -p "$WORK/tls"
  cat >"$WORK/tls/main.tf" <<TF
$REQUIRED_PROVIDERS
resource "ejcluster_cluster" "tls" {
  nodes       = ["$T1", "$T2"]
  seed        = "$T1"
  cookie_file = "$COOKIE_FILE"
  tls         = { certfile = "$CERTS/client.pem", keyfile = "$CERTS/client.key", cacertfile = "$CERTS/ca.pem" }
}
output "members" { value = ejcluster_cluster.tls.members }
TF
  (cd "$WORK/tls" && terraform apply -no-color -input=false -auto-approve) >"$WORK/tls.log" 2>&1 &&
    grep -q "members = \[" "$WORK/tls.log" && grep -q "\"$T2\"" "$WORK/tls.log" &&
    pass "apply forms a 2-node cluster over TLS" || { fail "apply over TLS"; tail -30 "$WORK/tls.log" | sed 's/^/     | /'; }
  (cd "$WORK/tls" && terraform plan -no-color -input=false -detailed-exitcode) >"$WORK/tls.log" 2>&1 &&
    pass "plan over TLS then changes nothing" || { fail "plan over TLS after apply"; tail -30 "$WORK/tls.log" | sed 's/^/     | /'; }
  key_line=$(sed -n 2p "$CERTS/client.key")
  grep -qF "$CERTS/client.key" "$WORK/tls/terraform.tfstate" && ! grep -qF -- "$key_line" "$WORK/tls/terraform.tfstate" &&
    ! grep -q "PRIVATE KEY" "$WORK/tls/terraform.tfstate" &&
    pass "the state holds the key's path, not the key" || fail "the state and the TLS key"
  sed -i "s|cacertfile = \"$CERTS/ca.pem\"|cacertfile = \"$CERTS/other-ca.pem\"|" "$WORK/tls/main.tf"
  (cd "$WORK/tls" && terraform plan -no-color -input=false) >"$WORK/tls.log" 2>&1
  grep -q "the node's TLS certificate is not trusted" "$WORK/tls.log" &&
    pass "a CA that does not sign the nodes' certificates is named in the plan" ||
    { fail "plan with the wrong CA"; tail -30 "$WORK/tls.log" | sed 's/^/     | /'; }
else
  fail "the TLS sandbox nodes did not start"
fi
"${TLS_SB[@]}" wipe all >/dev/null 2>&1

leftover=$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'ejcluster-plugin-*' -newer "$WORK/cli.tfrc" 2>/dev/null | wc -l)
[ "$leftover" = 0 ] && pass "no provider socket left behind" || fail "$leftover provider socket dirs left in ${TMPDIR:-/tmp}"

echo "# times: apply (form) ${APPLY_MS} ms, plan (no changes) ${PLAN_MS} ms, plan (drift) ${DRIFT_MS} ms, apply (repair) ${REPAIR_MS} ms"
[ $FAILED = 0 ] && echo "PASS" || echo "FAILED"
exit $FAILED
