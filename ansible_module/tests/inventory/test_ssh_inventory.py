# Integration over SSH: the collection and the example playbooks (examples/ansible) against an
# inventory of three hosts that ansible-playbook reaches with real SSH (key auth, known host keys),
# as an operator runs them on a fleet. Each host is a network namespace of tests/sandbox/netsandbox
# (--prefix ejcssh, subnet 10.79.0): an ejabberd node on the host's own address, and an sshd there
# whose root filesystem is the host's own (an overlay over this machine's /). The collection's role
# installs the ejcluster .deb that `cmake --build BUILD --target package` makes on each host, and
# the module runs that installed ejcluster: nothing of the build is on the hosts' PATH otherwise.
#
# The tests run in file order and each starts from the state the previous one left (pytest -x).
# Needs root, ejabberd, ansible-core, openssh-server. Environment:
#   EJCLUSTER_BUILD_DIR   the build directory (its package target makes the .deb)
#   EJCLUSTER_VERSION     the project's version (in the .deb's name and in ejcluster --version)
#   EJCLUSTER_BINARY      the built ejcluster, to observe the cluster from outside the hosts
#
#   EJCLUSTER_BUILD_DIR=build EJCLUSTER_VERSION=1.0.0 EJCLUSTER_BINARY=build/ejcluster \
#     /usr/bin/python3 -m pytest -x ansible_module/tests/inventory

import os
import re
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'support'))
from ansible_run import (EXAMPLES_DIR, SOURCE_DIR, Play, ansible_env, cluster_status, clusters,  # noqa: E402
                         install_collection, tool)

HERE = os.path.dirname(os.path.abspath(__file__))
NETSANDBOX = os.path.join(SOURCE_DIR, 'tests', 'sandbox', 'netsandbox')
NETSANDBOX_ARGS = ['--prefix', 'ejcssh', '--subnet', '10.79.0', '--dir', '/tmp/ejcluster-test-ejcssh']
HOSTS = ['host1', 'host2', 'host3']
ADDRESSES = ['10.79.0.11', '10.79.0.12', '10.79.0.13']
NODES = ['ejcssh%d@%s' % (i, address) for i, address in enumerate(ADDRESSES, 1)]


def netsandbox(*args):
    done = subprocess.run([NETSANDBOX] + NETSANDBOX_ARGS + list(args), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, 'netsandbox %s failed:\n%s%s' % (' '.join(args), done.stdout, done.stderr)
    return done.stdout


def installed_here(package):
    done = subprocess.run(['dpkg-query', '-W', '-f', '${Status}', package], capture_output=True, text=True)
    return 'install ok installed' in done.stdout


class Fleet:
    """The three hosts, the controller's key and known_hosts for them, and the inventory file."""

    def __init__(self, tmp):
        self.tmp = str(tmp)
        self.collections = os.path.join(self.tmp, 'collections')
        self.ejcluster = os.environ.get('EJCLUSTER_BINARY') or os.path.join(SOURCE_DIR, 'build', 'ejcluster')
        self.build_dir = os.environ.get('EJCLUSTER_BUILD_DIR') or os.path.join(SOURCE_DIR, 'build')
        self.version = os.environ['EJCLUSTER_VERSION']
        self.deb = os.path.join(self.build_dir, 'ejcluster_%s_amd64.deb' % self.version)
        self.key = os.path.join(self.tmp, 'id_ed25519')
        self.known_hosts = os.path.join(self.tmp, 'known_hosts')
        self.inventory = os.path.join(self.tmp, 'inventory.ini')
        self.cookie_file = None
        self.env = ansible_env(self.tmp, self.collections)
        self.env['ANSIBLE_SSH_CONTROL_PATH_DIR'] = os.path.join(self.tmp, 'cp')

    def run(self, argv, timeout=300):
        return subprocess.run(argv, env=self.env, cwd=self.tmp, capture_output=True, text=True, timeout=timeout)

    def start_hosts(self):
        done = self.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', self.key])
        assert done.returncode == 0, done.stderr
        with open(self.known_hosts, 'w') as f:
            for i in range(1, len(HOSTS) + 1):
                f.write(netsandbox('sshd', str(i), self.key + '.pub'))
        with open(self.inventory, 'w') as f:
            f.write('[ejabberd]\n')
            for host, address, node in zip(HOSTS, ADDRESSES, NODES):
                f.write('%s ansible_host=%s ejabberd_node=%s\n' % (host, address, node))
            f.write('\n[ejabberd:vars]\n'
                    'ansible_user=root\n'
                    '# We log in as root: the example plays become root, through sudo, which the hosts lack.\n'
                    'ansible_become=false\n'
                    'ansible_ssh_private_key_file=%s\n'
                    "ansible_ssh_common_args='-o UserKnownHostsFile=%s -o StrictHostKeyChecking=yes'\n"
                    'ansible_python_interpreter=/usr/bin/python3\n'
                    'ejabberd_cookie_file=%s\n' % (self.key, self.known_hosts, self.cookie_file))

    def ssh(self, i, command):
        return self.run(['ssh', '-i', self.key, '-o', 'UserKnownHostsFile=' + self.known_hosts,
                         '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', 'root@' + ADDRESSES[i], command])

    def playbook(self, playbook, *args):
        argv = [tool('ansible-playbook'), '-i', self.inventory] + list(args)
        return Play(self.run(argv + [playbook if os.path.isabs(playbook) else os.path.join(HERE, 'playbooks', playbook)]))

    def status(self):
        return cluster_status(self.ejcluster, NODES, self.cookie_file)


@pytest.fixture(scope='module')
def fleet(tmp_path_factory):
    assert os.geteuid() == 0, 'network namespaces and the ejabberd sandbox need root'
    assert not installed_here('ejcluster'), \
        'the package ejcluster is installed on this machine, under the hosts\' own roots: apt remove it first'
    f = Fleet(tmp_path_factory.mktemp('fleet'))
    built = f.run(['cmake', '--build', f.build_dir, '--target', 'package'], timeout=900)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    assert os.path.isfile(f.deb), 'the package target made no %s' % f.deb
    install_collection(f.run, f.tmp, f.collections)
    netsandbox('down')
    netsandbox('wipe', 'all')
    netsandbox('up', str(len(HOSTS)))
    netsandbox('start', str(len(HOSTS)))
    f.cookie_file = netsandbox('cookie').strip()
    f.start_hosts()
    yield f
    netsandbox('down')
    netsandbox('wipe', 'all')


def fatal_lines(play, host):
    return [line for line in play.output.splitlines() if line.startswith('fatal: [%s]' % host)]


def test_the_role_installs_the_package_on_every_host(fleet):
    play = fleet.playbook(os.path.join(EXAMPLES_DIR, 'install.yml'), '-e', 'ejcluster_deb=' + fleet.deb)
    assert play.rc == 0, play.log
    assert sorted(play.recap) == HOSTS, play.log
    for host in HOSTS:
        assert play.recap[host]['changed'] >= 1 and play.recap[host]['failed'] == 0, play.log
    for i, host in enumerate(HOSTS):
        version = fleet.ssh(i, 'ejcluster --version')
        assert version.returncode == 0 and version.stdout.strip() == 'ejcluster ' + fleet.version, \
            '%s: %s%s' % (host, version.stdout, version.stderr)
        hostname = fleet.ssh(i, 'hostname').stdout.strip()
        assert hostname == 'ejcssh-host%d' % (i + 1), hostname
    # Each host has a root of its own: the controller's system did not get the package.
    assert not installed_here('ejcluster')
    again = fleet.playbook(os.path.join(EXAMPLES_DIR, 'install.yml'), '-e', 'ejcluster_deb=' + fleet.deb)
    assert again.rc == 0, again.log
    assert all(again.recap[host]['changed'] == 0 for host in HOSTS), again.log


def test_check_diff_before_forming_is_short(fleet):
    play = fleet.playbook(os.path.join(EXAMPLES_DIR, 'playbook.yml'), '--check', '--diff')
    assert play.rc == 0, play.log
    assert play.recap == {'host1': {'ok': 2, 'changed': 1, 'unreachable': 0, 'failed': 0}}, play.log
    diff = play.output[play.output.index('--- before'):play.output.index('changed: [host1]')]
    # Which nodes join (the members before and after), not every table of the cluster.
    assert diff.count('\n') < 30, diff
    assert NODES[1] in diff and NODES[2] in diff, diff
    assert clusters(fleet.status()) == [[node] for node in NODES]


def test_run_once_forms_the_cluster(fleet):
    play = fleet.playbook(os.path.join(EXAMPLES_DIR, 'playbook.yml'))
    assert play.rc == 0, play.log
    assert play.recap == {'host1': {'ok': 2, 'changed': 1, 'unreachable': 0, 'failed': 0}}, play.log
    assert 'members: %s; converged: True' % ', '.join(NODES) in play.output, play.log
    status = fleet.status()
    assert clusters(status) == [NODES]
    assert sorted(status['running']) == NODES


def test_rerun_of_everything_changes_nothing(fleet):
    play = fleet.playbook(os.path.join(EXAMPLES_DIR, 'site.yml'), '-e', 'ejcluster_deb=' + fleet.deb)
    assert play.rc == 0, play.log
    assert sorted(play.recap) == HOSTS, play.log
    assert all(play.recap[host]['changed'] == 0 and play.recap[host]['failed'] == 0 for host in HOSTS), play.log


def test_a_failed_task_says_what_and_where_in_a_few_lines(fleet):
    netsandbox('stop', '3')
    play = fleet.playbook(os.path.join(EXAMPLES_DIR, 'playbook.yml'))
    assert play.rc == 2, play.log
    assert play.recap['host1']['failed'] == 1, play.log
    fatal = fatal_lines(play, 'host1')
    assert len(fatal) == 1, play.log
    assert re.search(r'"msg": "[^"]*%s: no node of that name is registered in epmd: is it started\?' % re.escape(NODES[2]),
                     fatal[0]), play.log
    assert len(fatal[0]) < 1000, 'the failure is %d characters:\n%s' % (len(fatal[0]), fatal[0])
    assert play.output.count('\n') < 25, play.log
    # With -v the failed result carries the whole report, the observed cluster included.
    verbose = fleet.playbook(os.path.join(EXAMPLES_DIR, 'playbook.yml'), '-v')
    fatal = fatal_lines(verbose, 'host1')
    assert len(fatal) == 1 and '"before": {' in fatal[0] and '"members": [' in fatal[0], verbose.log
    netsandbox('startnode', '3')
    assert clusters(fleet.status()) == [NODES]


def test_every_host_at_once_joins_each_node_once(fleet):
    netsandbox('wipe', 'all')
    netsandbox('start', str(len(HOSTS)))
    play = fleet.playbook('every_host.yml', '--forks', str(len(HOSTS)))
    assert play.rc == 0, play.log
    assert sorted(play.recap) == HOSTS, play.log
    assert all(play.recap[host]['failed'] == 0 for host in HOSTS), play.log
    assert sum(play.recap[host]['changed'] for host in HOSTS) == 1, play.log
    joins = [int(n) for n in re.findall(r'"msg": "joins done here: (\d+)"', play.output)]
    assert sorted(joins) == [0, 0, 2], play.log
    assert clusters(fleet.status()) == [NODES]
