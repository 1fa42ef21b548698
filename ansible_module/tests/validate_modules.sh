#!/bin/bash
# ansible-test's module validation (`ansible-test sanity --test validate-modules`) on the collection,
# with the collection's ignore file (tests/sanity/ignore-2.14.txt).
#
# ansible-test runs each sanity test in a virtualenv of its own and fills it with pip from PyPI. This
# machine reaches Debian's packages only, which carry the same requirements (python3-voluptuous,
# python3-jinja2, python3-yaml); so the virtualenv ansible-test asks for is made beforehand with
# the system's site packages and the marker files that tell ansible-test it is complete. The test
# itself is ansible-test's, unchanged.
#
#   validate_modules.sh SOURCE_DIR
set -euo pipefail
SOURCE=$(cd "${1:?source dir}" && pwd)
WORK=$(mktemp -d /tmp/ejcluster-sanity.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
ANSIBLE_TEST=/usr/bin/ansible-test
PYTHON_VERSION=$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')

# ansible-test wants the collection at ansible_collections/NAMESPACE/NAME.
COLLECTION=$WORK/ansible_collections/ejcluster/ejabberd
mkdir -p "$(dirname "$COLLECTION")"
cp -r "$SOURCE/ansible_module" "$COLLECTION"
find "$COLLECTION" -name __pycache__ -prune -exec rm -rf {} +

sanity() { (cd "$COLLECTION" && HOME=$WORK "$ANSIBLE_TEST" sanity --test validate-modules --python "$PYTHON_VERSION" "$@"); }

# A first run names the virtualenv it wants (and fails, finding no pip in it); it is then made as
# ansible-test would leave it.
sanity >"$WORK/first.log" 2>&1 || true
venv=$(sed -n 's|^FATAL: Python [0-9.]* at "\(.*\)/bin/python" does not have pip available\.$|\1|p' "$WORK/first.log")
if [ -n "$venv" ]; then
  rm -rf "$venv"
  /usr/bin/python3 -m venv --without-pip --system-site-packages "$venv"
  echo '[]' >"$venv/meta.install.json"
  echo null >"$venv/meta.yaml.json"
  touch "$venv/marker.txt"
elif ! grep -q '^Running sanity test "validate-modules"' "$WORK/first.log"; then
  cat "$WORK/first.log"; exit 1
fi
sanity
