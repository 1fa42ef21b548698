# What the cluster promises an operator, tested as their users see it: real XMPP clients
# (slixmpp, Debian's python3-slixmpp) against a 3-master cluster that ejcluster formed from three
# real ejabberd nodes (tests/sandbox/ejsandbox --prefix ejcxmpp, c2s on 127.0.0.1:19132/42/52,
# no TLS). A message sent by a user logged in on one node arrives live (not from offline
# storage) at a user logged in on another; with the first master killed -9, the other two serve
# logins and messages, and a user registered meanwhile; the master comes back, apply converges, and
# its users are reachable again. The tests run in file order, each from where the previous left.
#
#   EJCLUSTER_BINARY=build/ejcluster /usr/bin/python3 -m pytest -x tests/integration/xmpp_test.py

import asyncio
import json
import os
import subprocess

import pytest
import slixmpp

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.normpath(os.path.join(HERE, '..', '..'))
EJCLUSTER = os.environ.get('EJCLUSTER_BINARY') or os.path.join(SOURCE_DIR, 'build', 'ejcluster')
SANDBOX = [os.path.join(SOURCE_DIR, 'tests', 'sandbox', 'ejsandbox'), '--prefix', 'ejcxmpp',
           '--dir', '/tmp/ejcluster-test-ejcxmpp']
PORT_BASE = 19122
NODES = ['ejcxmpp%d@localhost' % i for i in (1, 2, 3)]
PASSWORD = 'secret'


def sandbox(*args):
    done = subprocess.run(SANDBOX + list(args), env=dict(os.environ, EJSANDBOX_PORT_BASE=str(PORT_BASE)),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, 'ejsandbox %s: %s%s' % (' '.join(args), done.stdout, done.stderr)
    return done.stdout


def c2s_port(node_index):
    return PORT_BASE + 10 * node_index


def ejcluster(command, nodes):
    desired = json.dumps({'nodes': nodes, 'cookie_file': sandbox('cookie').strip()})
    return subprocess.run([EJCLUSTER, command], input=desired, capture_output=True, text=True, timeout=600)


def register(node_index, user):
    sandbox('ctl', str(node_index), 'register', user, 'localhost', PASSWORD)


class Session:
    """One user logged in on one node: its client and the messages it receives."""

    def __init__(self, client, inbox):
        self.client, self.inbox = client, inbox

    def send(self, to, body):
        self.client.send_message(mto=to + '@localhost', mbody=body, mtype='chat')

    async def receive(self, timeout=10):
        message = await asyncio.wait_for(self.inbox.get(), timeout)
        live = message.xml.find('{urn:xmpp:delay}delay') is None  # offline storage stamps a delay
        return message['body'], live


async def log_in(user, node_index):
    client = slixmpp.ClientXMPP(user + '@localhost/test', PASSWORD)
    started = asyncio.get_running_loop().create_future()
    inbox = asyncio.Queue()

    def on_start(_):
        client.send_presence()
        if not started.done():
            started.set_result(True)

    def on_failed(_):
        if not started.done():
            started.set_exception(AssertionError('%s could not log in on node %d' % (user, node_index)))

    client.add_event_handler('session_start', on_start)
    client.add_event_handler('failed_auth', on_failed)
    client.add_event_handler('message', inbox.put_nowait)
    client.connect(address=('127.0.0.1', c2s_port(node_index)), disable_starttls=True, force_starttls=False)
    await asyncio.wait_for(started, 20)
    return Session(client, inbox)


async def exchange(sender, sender_node, receiver, receiver_node, body):
    """sender on sender_node sends body to receiver on receiver_node; what receiver got, and how."""
    to = await log_in(receiver, receiver_node)
    source = await log_in(sender, sender_node)
    await asyncio.sleep(0.5)  # the receiver's presence reaches the routing tables of every node
    source.send(receiver, body)
    try:
        return await to.receive()
    finally:
        for session in (source, to):
            session.client.disconnect()
        await asyncio.sleep(0.2)


@pytest.fixture(scope='module')
def cluster():
    assert os.geteuid() == 0, 'the ejabberd sandbox needs root'
    sandbox('wipe', 'all')
    sandbox('start', '3')
    formed = ejcluster('apply', NODES)
    assert formed.returncode == 0, formed.stderr
    for user in ('alice', 'bob', 'carol'):
        register(2, user)
    yield
    sandbox('wipe', 'all')


def test_a_message_from_node_1_reaches_a_user_on_node_3_live(cluster):
    body, live = asyncio.run(exchange('alice', 1, 'bob', 3, 'hello from node 1'))
    assert (body, live) == ('hello from node 1', True)


def test_with_the_first_master_killed_the_others_serve(cluster):
    sandbox('kill', '1')
    assert asyncio.run(exchange('carol', 2, 'bob', 3, 'node 1 is gone')) == ('node 1 is gone', True)
    assert asyncio.run(exchange('bob', 3, 'carol', 2, 'still here')) == ('still here', True)
    # A user registered while the first master is down logs in on another node.
    register(3, 'dave')
    assert asyncio.run(exchange('dave', 2, 'bob', 3, 'new here')) == ('new here', True)


def test_the_master_comes_back_apply_converges_and_its_users_are_reachable(cluster):
    sandbox('startnode', '1')
    converged = ejcluster('apply', NODES)
    assert converged.returncode == 0, converged.stderr
    assert json.loads(converged.stdout)['converged'] is True
    assert asyncio.run(exchange('bob', 3, 'alice', 1, 'welcome back')) == ('welcome back', True)
    # dave was registered while node 1 was down: node 1 has him now.
    assert asyncio.run(exchange('dave', 1, 'carol', 2, 'from node 1')) == ('from node 1', True)
