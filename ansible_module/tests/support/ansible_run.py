# What the collection's integration tests share: Debian's Ansible tools, a clean Ansible
# environment of a test's own, the collection installed as a user installs it, and one finished
# ansible-playbook run read as a user reads it (recap lines, output).

import glob
import json
import os
import re
import shutil
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.environ.get('EJCLUSTER_SOURCE_DIR') or os.path.normpath(os.path.join(HERE, '..', '..', '..'))
COLLECTION_DIR = os.path.join(SOURCE_DIR, 'ansible_module')
EXAMPLES_DIR = os.path.join(SOURCE_DIR, 'examples', 'ansible')

RECAP = re.compile(r'^(?P<host>\S+)\s*:\s*ok=(?P<ok>\d+)\s+changed=(?P<changed>\d+)\s+'
                   r'unreachable=(?P<unreachable>\d+)\s+failed=(?P<failed>\d+)', re.M)


def tool(name):
    """Debian's ansible tools: /usr/bin first (a pyenv python3 on PATH may lack ansible)."""
    path = os.path.join('/usr/bin', name)
    return path if os.access(path, os.X_OK) else shutil.which(name)


class Play:
    """One finished ansible-playbook run: its combined output and recap."""

    def __init__(self, done):
        self.rc = done.returncode
        self.output = done.stdout + done.stderr
        self.recap = dict((m.group('host'), dict((k, int(m.group(k))) for k in ('ok', 'changed', 'unreachable', 'failed')))
                          for m in RECAP.finditer(done.stdout))

        self.log = 'ansible-playbook exit %s, output:\n%s' % (self.rc, self.output)  # for failed asserts


def ansible_env(tmp, collections):
    """The environment of a test's Ansible runs: no ANSIBLE_* of the caller, no stray ansible.cfg,
    the collection from COLLECTIONS only, plain output."""
    config = os.path.join(tmp, 'ansible.cfg')
    open(config, 'w').close()
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith('ANSIBLE_'))
    env.update({
        'ANSIBLE_CONFIG': config,
        'ANSIBLE_COLLECTIONS_PATH': collections,
        'ANSIBLE_COLLECTIONS_SCAN_SYS_PATH': 'false',
        'ANSIBLE_LOCAL_TEMP': os.path.join(tmp, 'ansible-local'),
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_STDOUT_CALLBACK': 'default',
        'ANSIBLE_RETRY_FILES_ENABLED': 'false',
    })
    return env


def install_collection(run, tmp, collections):
    """Build the collection's tarball with ansible-galaxy and install it into COLLECTIONS, as a user
    does; RUN runs a command in the test's environment."""
    built = run([tool('ansible-galaxy'), 'collection', 'build', COLLECTION_DIR, '--output-path', tmp])
    assert built.returncode == 0, built.stdout + built.stderr
    tarballs = glob.glob(os.path.join(tmp, 'ejcluster-ejabberd-*.tar.gz'))
    assert len(tarballs) == 1, built.stdout
    installed = run([tool('ansible-galaxy'), 'collection', 'install', tarballs[0], '-p', collections])
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert os.path.isfile(os.path.join(collections, 'ansible_collections', 'ejcluster', 'ejabberd',
                                       'plugins', 'modules', 'cluster.py'))


def cluster_status(ejcluster, nodes, cookie_file):
    """`ejcluster status` of NODES, from outside Ansible: what the tests check a play against."""
    desired = json.dumps({'nodes': nodes, 'cookie_file': cookie_file})
    done = subprocess.run([ejcluster, 'status'], input=desired, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)


def clusters(status):
    """The clusters a status saw, each as its sorted members."""
    return sorted(sorted(c['members']) for c in status['clusters'])
