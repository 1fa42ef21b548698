# Integration: the collection as a user gets it (built with ansible-galaxy, installed from the
# tarball), driven by real ansible-playbook runs against three real ejabberd nodes of our own
# (tests/sandbox/ejsandbox --prefix ejcans, ejcans1..3@localhost, ports from 17822). The tests run
# in file order and each starts from the state the previous one left (pytest -x stops at the first
# failure). Asserts on what a user sees: recap lines, task status lines, msg text.
#
# Needs root, ejabberd, ansible-core. Environment:
#   EJCLUSTER_BINARY      the built ejcluster (ctest passes $<TARGET_FILE:ejcluster>)
#   EJCLUSTER_SOURCE_DIR  the project root (default: four levels up from here)
#
#   EJCLUSTER_BINARY=build/ejcluster /usr/bin/python3 -m pytest -x ansible_module/tests/integration

import json
import os
import re
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'support'))
from ansible_run import (EXAMPLES_DIR, SOURCE_DIR, Play, ansible_env, cluster_status, clusters,  # noqa: E402
                         install_collection, tool)

HERE = os.path.dirname(os.path.abspath(__file__))
PLAYBOOKS = os.path.join(HERE, 'playbooks')
SANDBOX_SCRIPT = os.path.join(SOURCE_DIR, 'tests', 'sandbox', 'ejsandbox')
SANDBOX_ARGS = ['--prefix', 'ejcans', '--dir', '/tmp/ejcluster-test-ejcans']
PORT_BASE = '17822'
NODES = ['ejcans1@localhost', 'ejcans2@localhost', 'ejcans3@localhost']


def sandbox(*args):
    env = dict(os.environ, EJSANDBOX_PORT_BASE=PORT_BASE)
    done = subprocess.run([SANDBOX_SCRIPT] + SANDBOX_ARGS + list(args), env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, 'ejsandbox %s failed:\n%s%s' % (' '.join(args), done.stdout, done.stderr)
    return done.stdout


class Harness:
    def __init__(self, tmp):
        self.tmp = str(tmp)
        self.collections = os.path.join(self.tmp, 'collections')
        self.ejcluster = os.environ.get('EJCLUSTER_BINARY') or os.path.join(SOURCE_DIR, 'build', 'ejcluster')
        self.cookie_file = None
        # The module finds `ejcluster` on PATH unless told otherwise: put the built one there.
        bindir = os.path.join(self.tmp, 'bin')
        os.mkdir(bindir)
        os.symlink(self.ejcluster, os.path.join(bindir, 'ejcluster'))
        self.env = ansible_env(self.tmp, self.collections)
        self.env.update({
            'ANSIBLE_REMOTE_TEMP': os.path.join(self.tmp, 'ansible-remote'),
            'ANSIBLE_PYTHON_INTERPRETER': '/usr/bin/python3',
            'PATH': bindir + os.pathsep + os.environ.get('PATH', '/usr/bin:/bin'),
        })

    def run(self, argv):
        return subprocess.run(argv, env=self.env, cwd=self.tmp, capture_output=True, text=True, timeout=300)

    def install_collection(self):
        install_collection(self.run, self.tmp, self.collections)

    def playbook(self, playbook, *args, inventory='localhost,', **extra_vars):
        extra = dict({'cookie_file': self.cookie_file, 'ejcluster_executable': self.ejcluster}, **extra_vars)
        argv = [tool('ansible-playbook'), '-i', inventory, '-c', 'local', '-e', json.dumps(extra)] + list(args)
        return Play(self.run(argv + [playbook if os.path.isabs(playbook) else os.path.join(PLAYBOOKS, playbook)]))

    def status(self):
        return cluster_status(self.ejcluster, NODES, self.cookie_file)


@pytest.fixture(scope='module')
def harness(tmp_path_factory):
    assert os.geteuid() == 0, 'the ejabberd sandbox needs root'
    h = Harness(tmp_path_factory.mktemp('ansible'))
    assert os.access(h.ejcluster, os.X_OK), 'no ejcluster at %s (set EJCLUSTER_BINARY)' % h.ejcluster
    h.install_collection()
    sandbox('wipe', 'all')
    sandbox('start', '3')
    h.cookie_file = sandbox('cookie').strip()
    yield h
    sandbox('wipe', 'all')


def test_check_mode_reports_changes_and_changes_nothing(harness):
    play = harness.playbook('form.yml', '--check', '--diff')
    assert play.rc == 0, play.log
    assert play.recap['localhost'] == {'ok': 1, 'changed': 1, 'unreachable': 0, 'failed': 0}, play.log
    assert 'changed: [localhost]' in play.output, play.log
    # The diff: before, the seed alone; after, what the plan reaches.
    assert re.search(r'"members": \[\n-\s+"ejcans1@localhost"\n\+\s+"ejcans1@localhost",\n'
                     r'\+\s+"ejcans2@localhost",\n\+\s+"ejcans3@localhost"\n', play.output), play.log
    assert clusters(harness.status()) == [[NODES[0]], [NODES[1]], [NODES[2]]]
    # An operator reads it in seconds: the joins, not every table of the cluster (each table's
    # placement is one word while every member holds it so).
    diff = play.output[play.output.index('--- before'):play.output.index('changed: [localhost]')]
    assert diff.count('\n') < 60, diff


def test_first_run_forms_the_cluster(harness):
    play = harness.playbook('form.yml')
    assert play.rc == 0, play.log
    assert play.recap['localhost'] == {'ok': 1, 'changed': 1, 'unreachable': 0, 'failed': 0}, play.log
    status = harness.status()
    assert clusters(status) == [NODES]
    assert sorted(status['running']) == NODES


def test_second_run_changes_nothing(harness):
    play = harness.playbook('form.yml')
    assert play.rc == 0, play.log
    assert play.recap['localhost'] == {'ok': 1, 'changed': 0, 'unreachable': 0, 'failed': 0}, play.log
    assert 'ok: [localhost]' in play.output, play.log
    check = harness.playbook('form.yml', '--check')
    assert check.recap['localhost'] == {'ok': 1, 'changed': 0, 'unreachable': 0, 'failed': 0}, check.log


def test_diff_shows_membership_before_and_after(harness):
    # shrink.yml also names the executable explicitly (the other plays find it on PATH).
    play = harness.playbook('shrink.yml', '--diff')
    assert play.rc == 0, play.log
    assert play.recap['localhost'] == {'ok': 1, 'changed': 1, 'unreachable': 0, 'failed': 0}, play.log
    assert '--- before\n+++ after\n' in play.output, play.log
    assert re.search(r'"members": \[\n\s+"ejcans1@localhost",\n-\s+"ejcans2@localhost",\n-\s+"ejcans3@localhost"\n'
                     r'\+\s+"ejcans2@localhost"\n\s+\],', play.output), play.log
    assert clusters(harness.status()) == [NODES[:2], [NODES[2]]]


def test_bad_option_fails_naming_the_option(harness):
    play = harness.playbook('bad_node.yml')
    assert play.rc == 2, play.log
    assert play.recap['localhost'] == {'ok': 0, 'changed': 0, 'unreachable': 0, 'failed': 1}, play.log
    assert re.search(r'^fatal: \[localhost\]: FAILED! => .*"msg": '
                     r'"nodes\[0\]: \'nonode\' is not a node name: it has no \'@\' \(expected name@host\); '
                     r'timeouts\.rpc: must be more than 0 ms"',
                     play.output, re.M), play.log


def test_cookie_never_appears_in_verbose_output(harness):
    with open(harness.cookie_file) as f:
        cookie = f.read().strip()
    assert len(cookie) >= 8
    with open(os.path.join(PLAYBOOKS, 'inline_cookie.yml.in')) as f:
        text = f.read()
    playbook = os.path.join(harness.tmp, 'inline_cookie.yml')
    with open(playbook, 'w') as f:
        f.write(text.replace('@COOKIE@', cookie))
    # ejcans3 left the cluster above: this run joins it back, so the module really talks to every node.
    play = harness.playbook(playbook, '-vvv', '--diff')
    assert play.rc == 0, play.log
    assert play.recap['localhost'] == {'ok': 1, 'changed': 1, 'unreachable': 0, 'failed': 0}, play.log
    assert '"cookie": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"' in play.output, play.log  # -vvv shows the invocation
    leaks = [line.replace(cookie, '<COOKIE>') for line in play.output.splitlines() if cookie in line]
    assert len(leaks) == 0, 'the cookie appears in the output:\n' + '\n'.join(leaks)
    assert clusters(harness.status()) == [NODES]


def test_example_playbook_runs_once_per_cluster(harness):
    # examples/ansible/playbook.yml with an inventory of the three sandbox nodes instead of the
    # example's hosts; the hosts are this machine, without become (we are root already).
    inventory = os.path.join(harness.tmp, 'inventory.ini')
    with open(inventory, 'w') as f:
        f.write('[ejabberd]\n')
        for i, node in enumerate(NODES, 1):
            f.write('ejcans%d ansible_connection=local ejabberd_node=%s\n' % (i, node))
        f.write('[ejabberd:vars]\nejabberd_cookie_file=%s\n' % harness.cookie_file)
    play = harness.playbook(os.path.join(EXAMPLES_DIR, 'playbook.yml'), '-e', 'ansible_become=false',
                            inventory=inventory)
    assert play.rc == 0, play.log
    # run_once: only the first host ran the module (and the debug task after it).
    assert play.recap == {'ejcans1': {'ok': 2, 'changed': 0, 'unreachable': 0, 'failed': 0}}, play.log
    assert play.output.count('ok: [ejcans1]') == 2 and 'ok: [ejcans2]' not in play.output, play.log
    assert 'members: ejcans1@localhost, ejcans2@localhost, ejcans3@localhost' in play.output, play.log


def test_a_node_that_is_down_fails_the_task(harness):
    sandbox('stop', '3')
    play = harness.playbook('form.yml')
    assert play.rc == 2, play.log
    assert play.recap['localhost'] == {'ok': 0, 'changed': 0, 'unreachable': 0, 'failed': 1}, play.log
    assert re.search(r'^fatal: \[localhost\]: FAILED! => .*"msg": "[^"]*ejcans3@localhost: no node of that name is '
                     r'registered in epmd: is it started\?', play.output, re.M), play.log
    assert re.search(r'"unreachable": \["ejcans3@localhost"\]', play.output), play.log
    fatal = [line for line in play.output.splitlines() if line.startswith('fatal: ')]
    assert len(fatal) == 1 and len(fatal[0]) < 1000, play.log  # the observed states only with -v


def test_every_host_at_once_is_safe(harness):
    # Fresh standalone nodes; three hosts run the task at once (ansible forks them in parallel).
    sandbox('wipe', 'all')
    sandbox('start', '3')
    inventory = os.path.join(harness.tmp, 'every_host.ini')
    with open(inventory, 'w') as f:
        f.write('\n'.join('ejcans%d ansible_connection=local' % i for i in (1, 2, 3)) + '\n')
    play = harness.playbook('form_every_host.yml', '--forks', '3', inventory=inventory)
    assert play.rc == 0, play.log
    assert sorted(play.recap) == ['ejcans1', 'ejcans2', 'ejcans3'], play.log
    assert sum(host['changed'] for host in play.recap.values()) == 1, play.log
    assert all(host['failed'] == 0 for host in play.recap.values()), play.log
    assert clusters(harness.status()) == [NODES]
