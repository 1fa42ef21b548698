#!/bin/bash
# ansible-lint's production profile on examples/ansible, as a user runs it there: with this
# collection installed (from this source tree, into a scratch collections path).
#
#   lint_examples.sh SOURCE_DIR
set -euo pipefail
SOURCE=$(cd "${1:?source dir}" && pwd)
WORK=$(mktemp -d /tmp/ejcluster-lint.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
ansible-galaxy collection install "$SOURCE/ansible_module" -p "$WORK" >"$WORK/install.log" 2>&1 ||
  { cat "$WORK/install.log"; exit 1; }
cd "$SOURCE/examples/ansible"
ANSIBLE_COLLECTIONS_PATH=$WORK ansible-lint --profile production --nocolor
