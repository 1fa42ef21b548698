#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: ejcluster developers
# MIT License (see galaxy.yml)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: cluster
short_description: Converge an ejabberd or Mnesia cluster to a declared membership and table placement
version_added: "0.1.0"
description:
  - Declares the members of an ejabberd (or plain Erlang Mnesia) cluster and, optionally, where each
    Mnesia table lives. The module runs the C(ejcluster) executable, which observes every listed node,
    plans the difference, applies only what differs (join-as-master, table copies, placement
    overrides, removals), verifies, and reports. A second run on a converged cluster changes nothing.
  - The module is a thin face over C(ejcluster)'s JSON contract. It translates its options into the
    desired state, which it writes to C(ejcluster apply) (or C(ejcluster plan) in check mode) on
    standard input, and translates the report back. Only the options you set are sent, so
    C(ejcluster)'s own defaults apply to the others.
  - The cookie is passed on standard input only, never on a command line, and never returned.
  - The task runs on the host Ansible runs it on, which must reach every listed node over Erlang
    distribution (epmd, port 4369, and the nodes' distribution ports) and have C(ejcluster) installed.
options:
  nodes:
    description:
      - The members of the cluster, as Erlang node names C(name@host). All short names
        (C(ejabberd@xmpp1)) or all long names (C(ejabberd@xmpp1.example.com)); Erlang cannot mix the two.
      - Every member becomes a master that holds a copy of every table.
      - Listed nodes outside the seed's cluster join it through the seed. A joining node's Mnesia
        schema is reset; a node that holds data of its own is refused unless listed in I(allow_data_loss).
    type: list
    elements: str
    required: true
  seed:
    description:
      - The member whose data survives when clusters are merged, and through which nodes join.
      - When not set, C(ejcluster) picks the first listed node that runs Mnesia and holds data, else the
        first listed node that runs Mnesia.
    type: str
  tables:
    description:
      - "Per-table placement: a mapping from table name to either C({type: T}) (type T on every member)
        or lists of nodes per storage type (keys C(ram_copies), C(disc_copies), C(disc_only_copies))."
      - Storage types are C(ram_copies), C(disc_copies) and C(disc_only_copies).
      - A table not named here gets the type it has on the seed, on every member.
      - On ejabberd nodes every member must hold every table, and the types are also written to each
        member's C(ejabberd.schema), so that they survive a restart.
      - Invalid placements (an unknown or local_content table, an ordered_set as disc_only_copies, a
        disc table left without a disc replica, ...) fail the task before anything is changed.
    type: dict
  remove_absent:
    description:
      - Remove members that are not listed in I(nodes). A running member leaves the cluster and restarts
        alone, empty; a member that is down is only deleted from the schema.
      - When not set, C(ejcluster)'s default C(false) applies; unlisted members are then reported as
        warnings and left alone.
    type: bool
  allow_data_loss:
    description:
      - Members, other than the seed, that may be reset when they join although they hold data of their
        own. That data is lost.
      - When not set, no node that holds data is reset.
    type: list
    elements: str
  heal_partitions:
    description:
      - Heal a network partition. Every node off the seed's side is rolled back to it (its Mnesia
        restarts loading from the seed's side), and what it wrote since the split is lost. The
        rolled-back nodes are returned in C(rolled_back).
      - When not set, a partition makes the task fail and nothing is changed.
    type: bool
  force_load_from:
    description:
      - After a full outage, the member (waiting for its tables) whose disc copies are loaded as they
        are, so that the others can load from it. What was written after it went down is lost.
      - Never chosen by the module; when not set, members that wait make the task fail, with the
        member that went down last named in the message.
    type: str
  app:
    description:
      - The Erlang application that is stopped and started around a join.
      - When neither I(app) nor I(plain_mnesia) is set, C(ejcluster)'s default C(ejabberd) applies.
      - Ansible cannot send a null, so plain Mnesia nodes are declared with I(plain_mnesia=true) instead.
    type: str
  plain_mnesia:
    description:
      - The nodes are plain Mnesia nodes, not ejabberd (the contract's C(app) set to C(null)). No application is
        stopped or started around a join, Mnesia simply keeps running, no C(ejabberd.schema) is written,
        and a table may live on some members only.
      - Cannot be combined with I(app).
    type: bool
    default: false
  timeouts:
    description:
      - Timeouts in whole milliseconds (the contract's C(timeouts_ms)); each more than 0 and at most a day.
      - Suboptions that are not set keep C(ejcluster)'s defaults.
    type: dict
    aliases: [timeouts_ms]
    suboptions:
      connect:
        description: Connecting to one node. C(ejcluster)'s default is 5000.
        type: int
      rpc:
        description: One call on a node. C(ejcluster)'s default is 30000.
        type: int
      table_sync:
        description:
          - Copying a table, waiting for tables, starting the application. C(ejcluster)'s default is 600000.
        type: int
      lock:
        description:
          - Waiting for another apply's cluster lock. C(ejcluster)'s default is 600000.
        type: int
  allow_version_skew:
    description:
      - Join nodes although their ejabberd versions differ, or their OTP releases are more than two apart
        (a rolling upgrade). Without it, the pre-flight check refuses such a join and the task fails.
      - When not set, C(ejcluster)'s default (false) applies.
    type: bool
  dist_port:
    description:
      - The port every node listens on for distribution when the nodes run without epmd (ejabberd's
        C(ERL_DIST_PORT) in C(ejabberdctl.cfg)); C(ejcluster) then connects to it directly.
      - When not set, each node's port is asked of epmd on its host.
    type: int
  backup_dir:
    description:
      - The directory, on each node's host, where a node saves its data before a step drops some (a
        partition heal, a join that resets a node holding data, the removal of a running member). The
        node's user must be able to write it; it must lie outside the Mnesia directory.
      - Where each backup went is returned in C(backups). A backup that fails stops its step.
      - When not set, C(ejcluster)'s default (C(/var/lib/ejcluster/backups)) applies.
    type: path
  tls:
    description:
      - Erlang distribution over TLS (the nodes run C(-proto_dist inet_tls)); the contract's C(tls). Every
        connection to a node is then TLS, checked against I(tls.cacertfile) and the host of the node's name.
      - Paths on the host the task runs on; the files are read there by C(ejcluster), never by the module.
    type: dict
    suboptions:
      certfile:
        description: PEM certificate (chain) shown to nodes that demand a client certificate.
        type: path
      keyfile:
        description:
          - Its private key. It must not be readable by other users. When not set, the key is in I(tls.certfile).
        type: path
      cacertfile:
        description: PEM CAs that each node's certificate must chain to. Required unless I(tls.verify=false).
        type: path
      verify:
        description: Check each node's certificate. C(false) trusts any node (a first test, not production).
        type: bool
        default: true
  cookie:
    description:
      - The Erlang cookie of the nodes.
      - Sent to C(ejcluster) on standard input only; never logged or returned.
      - Give at most one of I(cookie) and I(cookie_file). When neither is set, C(ejcluster) reads
        C($HOME/.erlang.cookie) of the user the task runs as.
    type: str
  cookie_file:
    description:
      - A file on the host the task runs on that holds the Erlang cookie, for example
        C(/var/lib/ejabberd/.erlang.cookie). It should not be readable by group or others.
    type: path
  executable:
    description:
      - Path of the C(ejcluster) executable on the host the task runs on.
      - When not set, C(ejcluster) is looked up on C(PATH).
    type: path
notes:
  - "Running the task from every host of a play at once is safe: C(ejcluster apply) takes a cluster-wide
    lock (an Erlang global lock on the listed nodes), so the runs take turns and the later ones find
    nothing left to do. C(run_once: true) still saves the redundant runs. I(timeouts.lock) bounds the wait."
  - The module does not install ejabberd or C(ejcluster), and does not start or stop nodes; the listed
    nodes must be running (a node that does not answer is reported and fails the task).
  - "In check mode the module runs C(ejcluster plan): it contacts the nodes, changes nothing, and reports
    C(changed) when the plan has steps to do."
  - In diff mode the module returns the membership (members, running members) and the placement of every
    table before and after, in few words - a table every member holds one way is its storage type alone,
    else the nodes per storage type - so that a diff shows what changes. In check mode, C(after) is where
    ejcluster says the planned steps lead (its report's C(planned)).
  - "Exit codes of C(ejcluster): 0 converged or nothing to do; 1 bad input (nothing touched); 2 plan only:
    changes pending; 3 not converged, a step failed, a guard refused, or a node did not answer. Exit 1 and
    3 fail the task."
attributes:
  check_mode:
    support: full
    description: Runs C(ejcluster plan), which contacts the nodes and changes nothing.
  diff_mode:
    support: full
    description: Membership and table placement before and after.
  platform:
    support: full
    platforms: posix
    description: Needs the C(ejcluster) executable on the host the task runs on.
requirements:
  - The C(ejcluster) executable on the host the task runs on.
author:
  - ejcluster developers (!UNKNOWN)
'''

EXAMPLES = r'''
- name: Form a three-master ejabberd cluster (once, not from every host)
  ejcluster.ejabberd.cluster:
    nodes:
      - ejabberd@xmpp1.example.com
      - ejabberd@xmpp2.example.com
      - ejabberd@xmpp3.example.com
    seed: ejabberd@xmpp1.example.com
    cookie_file: /var/lib/ejabberd/.erlang.cookie
  run_once: true

- name: Build the node list from the inventory, and keep the roster in RAM and on disc
  ejcluster.ejabberd.cluster:
    nodes: "{{ groups['xmpp'] | map('extract', hostvars, 'ejabberd_node') | list }}"
    cookie_file: /var/lib/ejabberd/.erlang.cookie
    tables:
      roster:
        type: disc_copies
  run_once: true

- name: A cluster whose nodes run Erlang distribution over TLS and demand a client certificate
  ejcluster.ejabberd.cluster:
    nodes: "{{ groups['xmpp'] | map('extract', hostvars, 'ejabberd_node') | list }}"
    cookie_file: /var/lib/ejabberd/.erlang.cookie
    tls:
      certfile: /etc/ejcluster/client.pem
      keyfile: /etc/ejcluster/client.key
      cacertfile: /etc/ejabberd/ca.pem
  run_once: true

- name: Shrink the cluster to two members, removing any other member
  ejcluster.ejabberd.cluster:
    nodes: [ejabberd@xmpp1.example.com, ejabberd@xmpp2.example.com]
    remove_absent: true
    cookie: "{{ vault_erlang_cookie }}"
  run_once: true

- name: A plain Mnesia cluster with a per-node placement and longer timeouts
  ejcluster.ejabberd.cluster:
    nodes: [app@db1, app@db2, app@db3]
    plain_mnesia: true
    tables:
      sessions:
        ram_copies: [app@db1, app@db2, app@db3]
      orders:
        disc_copies: [app@db1, app@db2]
    timeouts:
      rpc: 60000
      table_sync: 1800000
    executable: /usr/local/bin/ejcluster
  run_once: true

- name: Join a node that holds data of its own (its data is lost)
  ejcluster.ejabberd.cluster:
    nodes: [ejabberd@xmpp1.example.com, ejabberd@xmpp2.example.com]
    seed: ejabberd@xmpp1.example.com
    allow_data_loss: [ejabberd@xmpp2.example.com]
  run_once: true
  register: joined

- name: Show what was done
  ansible.builtin.debug:
    msg: "{{ joined.actions | map(attribute='op') | list }} -> members {{ joined.after.members }}"
  run_once: true
'''

RETURN = r'''
mode:
  description: C(apply), or C(plan) in check mode.
  returned: always
  type: str
  sample: apply
changed:
  description:
    - Whether C(ejcluster apply) changed the cluster. In check mode, whether the plan has steps to do.
  returned: always
  type: bool
  sample: true
converged:
  description:
    - Whether the cluster is exactly as desired after the run (in check mode, as observed), that is nothing left
      to plan, nothing refused, every listed node answered, and no disagreements between the nodes.
  returned: always
  type: bool
  sample: true
seed:
  description: The seed that was used, or null when there was none.
  returned: always
  type: str
  sample: ejabberd@xmpp1.example.com
actions:
  description:
    - The steps, in order. C(op) is one of C(join), C(add_table_copy), C(change_table_copy_type),
      C(del_table_copy), C(remove_node), C(set_placement_override), C(start_node), C(heal_partition),
      C(force_load), or C(seed) for a refusal to pick a seed.
    - C(status) is C(planned) (check mode), C(done), C(failed) (with C(error)), C(skipped) (after a
      failure) or C(refused) (with C(reason)). C(ms) is the step's wall time.
    - A step that saves the node's data first has C(backs_up), and once run C(backup) (as in C(backups)).
      A C(heal_partition) that ran has C(dropped) - per disc table, the records the seed's side lacked
      (C(missing), C(first_missing)) and the keys it held otherwise (C(differing), C(first_differing)).
  returned: always
  type: list
  elements: dict
  sample:
    - op: join
      node: ejabberd@xmpp2.example.com
      via: ejabberd@xmpp1.example.com
      tables: {schema: disc_copies, roster: disc_only_copies}
      resets_node: true
      status: done
      ms: 455
before:
  description:
    - The cluster as observed before the run, in the shape of C(ejcluster status) - C(members),
      C(running), C(tables) (per table C(ram_copies), C(disc_copies), C(disc_only_copies), C(type),
      C(local_content), C(size)), C(clusters), C(nodes), C(unreachable), C(disagreements).
  returned: >-
    when the nodes were observed (not on bad input); when the task fails, only with -v (Ansible
    prints a failed task's result whole)
  type: dict
  sample:
    members: [ejabberd@xmpp1.example.com]
    running: [ejabberd@xmpp1.example.com]
    tables:
      roster:
        ram_copies: []
        disc_copies: []
        disc_only_copies: [ejabberd@xmpp1.example.com]
        type: set
        local_content: false
        size: {ejabberd@xmpp1.example.com: 0}
    unreachable: []
    disagreements: []
after:
  description:
    - The cluster as observed after C(apply), in the shape of C(before). Null in check mode.
  returned: as before
  type: dict
rolled_back:
  description:
    - The nodes a partition heal (I(heal_partitions)) rolled back to the seed's side; what they wrote
      since the split was dropped.
  returned: always
  type: list
  elements: str
  sample: []
backups:
  description:
    - The backups taken before steps that dropped data, on each node's own host. C(kind) is
      C(mnesia_backup) (read it with C(mnesia:traverse_backup)) or C(directory_copy) (the Mnesia files,
      taken while Mnesia was stopped).
  returned: always
  type: list
  elements: dict
  sample:
    - node: ejabberd@xmpp3.example.com
      op: remove_node
      path: /var/lib/ejcluster/backups/ejabberd@xmpp3.example.com/20261202T193448Z-remove_node.mnesia-backup
      bytes: 48213
      kind: mnesia_backup
checks:
  description:
    - The pre-flight checks of the planned joins, before any step ran. C(check) is C(reachable), C(versions),
      C(reaches_seed), C(disk_space) or C(virtual_hosts); C(status) is C(passed), C(failed) (the join was
      refused) or C(not_run); C(detail) says what was compared.
  returned: always
  type: list
  elements: dict
  sample:
    - check: versions
      node: ejabberd@xmpp2.example.com
      status: passed
      detail: ejabberd@xmpp2.example.com runs OTP 25, ejabberd 23.01, the seed ejabberd@xmpp1.example.com OTP 25, ejabberd 23.01
unreachable:
  description: Listed nodes that did not answer.
  returned: always
  type: list
  elements: str
  sample: []
warnings:
  description:
    - What C(ejcluster) noticed and left alone, for example members that are not listed while
      I(remove_absent) is not set. Also shown as Ansible warnings.
  returned: always
  type: list
  elements: str
  sample: ["ejabberd@xmpp4.example.com is a member of the cluster but not listed; it is left alone (remove_absent is false)"]
errors:
  description:
    - What went wrong, each with a C(message), and for bad input the C(path) of the option as a JSON path
      into the desired state (for example C($.nodes[0]), or C($.timeouts_ms.rpc) for I(timeouts.rpc)).
      Their messages, joined, are the task's C(msg) when it fails; there each names its option as the task
      wrote it (C(nodes[0]), C(timeouts.rpc)).
  returned: always
  type: list
  elements: dict
  sample:
    - path: $.nodes[0]
      message: "'nonode' is not a node name: it has no '@' (expected name@host)"
rc:
  description: The exit code of C(ejcluster) (1 bad input, 3 not converged; see the notes).
  returned: on failure
  type: int
  sample: 3
stderr:
  description: The progress and messages C(ejcluster) printed on standard error.
  returned: on failure
  type: str
'''

import json
import os
import re

from ansible.module_utils.basic import AnsibleModule

STORAGE_TYPES = ('ram_copies', 'disc_copies', 'disc_only_copies')
TIMEOUT_KEYS = ('connect', 'rpc', 'table_sync', 'lock')

# ejcluster's exit codes (README, "Exit codes").
EXIT_CONVERGED = 0
EXIT_BAD_INPUT = 1
EXIT_CHANGES_PENDING = 2
EXIT_NOT_CONVERGED = 3

REPORT_LISTS = ('actions', 'checks', 'rolled_back', 'backups', 'unreachable', 'warnings', 'errors')


class OptionError(Exception):
    """Options that cannot be expressed as a desired state."""


def desired_state(params):
    """The contract's desired state (a dict) for the module's options.

    Only options that were set are included, so the executable's defaults apply to the others.
    Raises OptionError for combinations the contract cannot express.
    """
    state = {'nodes': list(params['nodes'])}
    for key in ('seed', 'cookie', 'cookie_file', 'tables', 'remove_absent', 'allow_data_loss',
                'heal_partitions', 'force_load_from', 'allow_version_skew', 'dist_port', 'backup_dir'):
        if params.get(key) is not None:
            state[key] = params[key]
    if params.get('plain_mnesia'):
        if params.get('app') is not None:
            raise OptionError('app and plain_mnesia=true are mutually exclusive: plain_mnesia sends "app": null')
        state['app'] = None
    elif params.get('app') is not None:
        state['app'] = params['app']
    tls = params.get('tls')
    if tls:
        state['tls'] = dict((key, tls[key]) for key in ('certfile', 'keyfile', 'cacertfile', 'verify')
                            if tls.get(key) is not None)
    timeouts = params.get('timeouts')
    if timeouts:
        chosen = dict((key, timeouts[key]) for key in TIMEOUT_KEYS if timeouts.get(key) is not None)
        if chosen:
            state['timeouts_ms'] = chosen
    return state


def invocation(executable, params, check_mode):
    """(argv, stdin data) of the ejcluster run: plan in check mode, else apply.

    The desired state, cookie included, goes only into the stdin data.
    """
    argv = [executable, 'plan' if check_mode else 'apply', '--format', 'json']
    return argv, json.dumps(desired_state(params), sort_keys=True)


def placement(state):
    """Membership and placement of an observed state: what diff mode shows.

    A table every member holds one way is its storage type alone ("disc_copies"), else the members
    per storage type; so a diff shows the members that join or leave and only the tables whose
    placement changes, not every table of the cluster.
    """
    if not isinstance(state, dict):
        return None
    members = sorted(state.get('members') or [])
    tables = {}
    for name, table in sorted((state.get('tables') or {}).items()):
        copies = dict((kind, sorted(table.get(kind) or [])) for kind in STORAGE_TYPES if table.get(kind))
        if len(copies) == 1 and list(copies.values())[0] == members:
            tables[name] = list(copies)[0]
        else:
            tables[name] = copies
    return {
        'members': members,
        'running': sorted(state.get('running') or []),
        'tables': tables,
    }


CONTRACT_PATH = re.compile(r'\$(\.[A-Za-z0-9_.\[\]]*[A-Za-z0-9_\]])?')


def option_path(json_path):
    """The module's option for a desired-state JSON path: $.timeouts_ms.rpc -> timeouts.rpc,
    $.tables.roster.type -> tables.roster.type, $.nodes[1] -> nodes[1]; '' for the whole document."""
    path = json_path[2:] if json_path.startswith('$.') else ''
    if path == 'timeouts_ms' or path.startswith('timeouts_ms.'):
        path = 'timeouts' + path[len('timeouts_ms'):]
    return path


def in_option_words(message):
    """A message with the contract's paths in it ("is not one of $.nodes") in option names."""
    return CONTRACT_PATH.sub(lambda m: option_path(m.group(0)) or 'the desired state', message)


def error_message(report, rc, stderr):
    """The task's msg on failure: the report's errors joined, else stderr, else the exit code.

    Input errors name the module's options as the task wrote them (timeouts.rpc), not the
    desired state's JSON paths ($.timeouts_ms.rpc)."""
    messages = []
    for error in (report or {}).get('errors') or []:
        if isinstance(error, dict):
            text = in_option_words(error.get('message', ''))
            where = option_path(error.get('path') or '')
            if where:
                text = '%s: %s' % (where, text)
        else:
            text = str(error)
        messages.append(text)
    if messages:
        return '; '.join(messages)
    if stderr and stderr.strip():
        return stderr.strip()
    return 'ejcluster exited with code %s and reported no error' % rc


def outcome(rc, stdout, stderr, check_mode, want_diff, verbosity=0):
    """Translate an ejcluster run into the module's result.

    Returns a dict of the module's return values plus 'failed' (bool), and 'msg' when failed.
    """
    try:
        report = json.loads(stdout) if stdout and stdout.strip() else None
    except ValueError:
        report = None
    if not isinstance(report, dict):
        detail = (stderr or '').strip() or (stdout or '').strip() or 'no output'
        return {'failed': True, 'changed': False, 'rc': rc, 'stderr': stderr or '',
                'msg': 'ejcluster (exit %s) printed no JSON report: %s' % (rc, detail)}

    result = {
        'mode': report.get('mode', 'plan' if check_mode else 'apply'),
        'converged': bool(report.get('converged', False)),
        'seed': report.get('seed'),
        'before': report.get('before'),
        'after': report.get('after'),
    }
    for key in REPORT_LISTS:
        result[key] = list(report.get(key) or [])
    if check_mode:
        result['changed'] = rc == EXIT_CHANGES_PENDING
    else:
        result['changed'] = bool(report.get('changed', False))

    if want_diff and isinstance(report.get('before'), dict):
        before = placement(report['before'])
        if check_mode:
            after = placement(report.get('planned'))  # where ejcluster says the plan leads
        else:
            after = placement(report.get('after')) or before
        result['diff'] = {'before': before, 'after': after}

    known = (EXIT_CONVERGED, EXIT_CHANGES_PENDING) if check_mode else (EXIT_CONVERGED,)
    result['failed'] = rc not in known
    if result['failed']:
        # Only on failure: Ansible takes a non-zero rc in a result without 'failed' as a failure.
        result['msg'] = error_message(report, rc, stderr)
        result['rc'] = rc
        result['stderr'] = stderr or ''
        if verbosity < 1:
            # Ansible prints a failed task's whole result, and the observed states are most of it
            # (about 27 KB for one ejabberd cluster): without -v the operator reads msg, the actions
            # and the unreachable nodes in a few lines.
            del result['before'], result['after']
    return result


def argument_spec():
    return dict(
        nodes=dict(type='list', elements='str', required=True),
        seed=dict(type='str'),
        tables=dict(type='dict'),
        remove_absent=dict(type='bool'),
        allow_data_loss=dict(type='list', elements='str'),
        heal_partitions=dict(type='bool'),
        force_load_from=dict(type='str'),
        allow_version_skew=dict(type='bool'),
        dist_port=dict(type='int'),
        backup_dir=dict(type='path'),
        app=dict(type='str'),
        plain_mnesia=dict(type='bool', default=False),
        timeouts=dict(type='dict', aliases=['timeouts_ms'], options=dict(
            connect=dict(type='int'),
            rpc=dict(type='int'),
            table_sync=dict(type='int'),
            lock=dict(type='int'),
        )),
        tls=dict(type='dict', options=dict(
            certfile=dict(type='path'),
            keyfile=dict(type='path'),
            cacertfile=dict(type='path'),
            verify=dict(type='bool', default=True),
        )),
        cookie=dict(type='str', no_log=True),
        cookie_file=dict(type='path'),
        executable=dict(type='path'),
    )


def main():
    module = AnsibleModule(
        argument_spec=argument_spec(),
        mutually_exclusive=[('cookie', 'cookie_file')],
        supports_check_mode=True,
    )
    executable = module.params['executable']
    if executable is None:
        executable = module.get_bin_path('ejcluster', required=True)
    elif not (os.path.isfile(executable) and os.access(executable, os.X_OK)):
        module.fail_json(msg='executable %s is not an executable file' % executable)
    try:
        argv, data = invocation(executable, module.params, module.check_mode)
    except OptionError as e:
        module.fail_json(msg=str(e))
    rc, stdout, stderr = module.run_command(argv, data=data)

    result = outcome(rc, stdout, stderr, module.check_mode, module._diff, module._verbosity)
    if result.pop('failed'):
        module.fail_json(**result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
