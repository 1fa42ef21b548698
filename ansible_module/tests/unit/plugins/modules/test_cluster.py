# Unit tests of plugins/modules/cluster.py: options -> desired state (the JSON on ejcluster's stdin),
# report -> module result (changed, failed, msg, diff), and main() end to end against a fake
# ejcluster executable. Nothing here contacts a node.
#
#   /usr/bin/python3 -m pytest ansible_module/tests/unit

import json
import os
import stat
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
MODULES = os.path.normpath(os.path.join(HERE, '..', '..', '..', '..', 'plugins', 'modules'))
sys.path.insert(0, MODULES)

import cluster  # noqa: E402  (the module under test, found through MODULES)

from ansible.module_utils import basic  # noqa: E402
from ansible.module_utils.common.text.converters import to_bytes  # noqa: E402

N1, N2, N3 = 'ej1@localhost', 'ej2@localhost', 'ej3@localhost'
COOKIE = 'SECRETCOOKIEVALUE42'


def params(**given):
    """Module params as AnsibleModule hands them over: every option, None (or its default) unless given."""
    out = dict((name, spec.get('default')) for name, spec in cluster.argument_spec().items())
    out.update(given)
    return out


# --- options -> desired state ---------------------------------------------------------------

def test_only_nodes_gives_only_nodes():
    assert cluster.desired_state(params(nodes=[N1, N2])) == {'nodes': [N1, N2]}


def test_every_option_maps_to_its_contract_key():
    state = cluster.desired_state(params(
        nodes=[N1, N2, N3], seed=N1, cookie_file='/var/lib/ejabberd/.erlang.cookie',
        tables={'roster': {'type': 'disc_copies'}, 'muc_room': {'disc_copies': [N1, N2], 'ram_copies': [N3]}},
        remove_absent=True, allow_data_loss=[N3], app='myapp', heal_partitions=True, force_load_from=N2,
        allow_version_skew=True, dist_port=5210, timeouts={'connect': 1000, 'rpc': 2000, 'table_sync': 3000}))
    assert state == {
        'nodes': [N1, N2, N3], 'seed': N1, 'cookie_file': '/var/lib/ejabberd/.erlang.cookie',
        'tables': {'roster': {'type': 'disc_copies'}, 'muc_room': {'disc_copies': [N1, N2], 'ram_copies': [N3]}},
        'remove_absent': True, 'allow_data_loss': [N3], 'app': 'myapp', 'heal_partitions': True,
        'force_load_from': N2, 'allow_version_skew': True, 'dist_port': 5210,
        'timeouts_ms': {'connect': 1000, 'rpc': 2000, 'table_sync': 3000},
    }


def test_explicit_false_and_empty_values_are_sent():
    state = cluster.desired_state(params(nodes=[N1], remove_absent=False, allow_data_loss=[], tables={}))
    assert state == {'nodes': [N1], 'remove_absent': False, 'allow_data_loss': [], 'tables': {}}


def test_unset_timeouts_are_omitted():
    assert cluster.desired_state(params(nodes=[N1], timeouts={'connect': None, 'rpc': 5, 'table_sync': None})) == \
        {'nodes': [N1], 'timeouts_ms': {'rpc': 5}}
    assert 'timeouts_ms' not in cluster.desired_state(
        params(nodes=[N1], timeouts={'connect': None, 'rpc': None, 'table_sync': None}))


def test_tls_maps_to_the_contracts_tls_with_the_paths_as_given():
    tls = {'certfile': '/etc/ejcluster/client.pem', 'keyfile': '/etc/ejcluster/client.key',
           'cacertfile': '/etc/ejabberd/ca.pem', 'verify': True}
    assert cluster.desired_state(params(nodes=[N1], tls=tls))['tls'] == tls
    # Unset suboptions are left to ejcluster, which then names what is missing.
    assert cluster.desired_state(params(nodes=[N1], tls={'certfile': None, 'keyfile': None, 'cacertfile': None,
                                                         'verify': False}))['tls'] == {'verify': False}
    assert 'tls' not in cluster.desired_state(params(nodes=[N1]))
    assert cluster.option_path('$.tls.keyfile') == 'tls.keyfile'


def test_plain_mnesia_sends_app_null():
    argv, data = cluster.invocation('/x/ejcluster', params(nodes=[N1], plain_mnesia=True), False)
    assert json.loads(data) == {'nodes': [N1], 'app': None}
    assert '"app": null' in data


def test_plain_mnesia_false_leaves_app_to_the_default():
    assert 'app' not in cluster.desired_state(params(nodes=[N1], plain_mnesia=False))


def test_plain_mnesia_with_app_is_refused():
    with pytest.raises(cluster.OptionError, match='mutually exclusive'):
        cluster.desired_state(params(nodes=[N1], plain_mnesia=True, app='ejabberd'))


def test_cookie_goes_only_into_stdin():
    for check_mode in (False, True):
        argv, data = cluster.invocation('/x/ejcluster', params(nodes=[N1], cookie=COOKIE), check_mode)
        assert not any(COOKIE in arg for arg in argv)
        assert json.loads(data)['cookie'] == COOKIE


def test_check_mode_plans_and_normal_mode_applies():
    assert cluster.invocation('/x/ejcluster', params(nodes=[N1]), True)[0] == ['/x/ejcluster', 'plan', '--format', 'json']
    assert cluster.invocation('/x/ejcluster', params(nodes=[N1]), False)[0] == ['/x/ejcluster', 'apply', '--format', 'json']


# --- report -> result -----------------------------------------------------------------------

def table(ram=(), disc=(), disc_only=(), local_content=False):
    return {'ram_copies': list(ram), 'disc_copies': list(disc), 'disc_only_copies': list(disc_only),
            'type': 'set', 'local_content': local_content, 'size': {}}


def state(members, running=None, tables=None):
    return {'members': members, 'running': running if running is not None else members,
            'tables': tables or {}, 'clusters': [], 'nodes': {}, 'unreachable': [], 'disagreements': []}


STANDALONE = state([N1], tables={'schema': table(disc=[N1]), 'roster': table(disc_only=[N1]),
                                 'session': table(ram=[N1])})
JOINED = state([N1, N2], tables={'schema': table(disc=[N1, N2]), 'roster': table(disc_only=[N1, N2]),
                                 'session': table(ram=[N1, N2])})
JOIN_N2 = {'op': 'join', 'node': N2, 'via': N1, 'resets_node': True,
           'tables': {'schema': 'disc_copies', 'roster': 'disc_only_copies', 'session': 'ram_copies'}}


def planned_of(observed):
    """The report's `planned` field for a cluster that ends up as `observed`: members, running, and per
    table the nodes of each storage type that holds copies (as ejcluster writes it)."""
    tables = dict((name, dict((kind, table[kind]) for kind in cluster.STORAGE_TYPES if table.get(kind)))
                  for name, table in observed['tables'].items())
    return {'members': observed['members'], 'running': observed['running'], 'tables': tables}


def report(mode, changed=False, converged=True, actions=(), before=STANDALONE, after=None, **extra):
    out = {'mode': mode, 'changed': changed, 'converged': converged, 'seed': N1, 'actions': list(actions),
           'before': before, 'after': after, 'unreachable': [], 'warnings': [], 'errors': []}
    out.update(extra)
    return json.dumps(out)


def test_plan_with_steps_is_changed_and_not_failed():
    planned = dict(JOIN_N2, status='planned')
    result = cluster.outcome(2, report('plan', converged=False, actions=[planned]), '', True, False)
    assert result['failed'] is False and result['changed'] is True
    assert result['mode'] == 'plan' and result['actions'] == [planned] and result['after'] is None
    assert 'diff' not in result and 'msg' not in result and 'rc' not in result


def test_plan_with_nothing_to_do_is_unchanged():
    result = cluster.outcome(0, report('plan', before=JOINED, planned=planned_of(JOINED)), '', True, True)
    assert result['failed'] is False and result['changed'] is False
    assert result['diff']['before'] == result['diff']['after']


def test_apply_takes_changed_from_the_report():
    done = dict(JOIN_N2, status='done', ms=455)
    result = cluster.outcome(0, report('apply', changed=True, actions=[done], after=JOINED), '', False, False)
    assert result['failed'] is False and result['changed'] is True and result['converged'] is True
    assert result['before'] == STANDALONE and result['after'] == JOINED
    again = cluster.outcome(0, report('apply', before=JOINED, after=JOINED), '', False, False)
    assert again['failed'] is False and again['changed'] is False


def test_apply_diff_shows_membership_and_placement():
    result = cluster.outcome(0, report('apply', changed=True, actions=[dict(JOIN_N2, status='done')], after=JOINED),
                             '', False, True)
    # A join of a master changes the members and no table's entry: the diff is short.
    tables = {'roster': 'disc_only_copies', 'schema': 'disc_copies', 'session': 'ram_copies'}
    assert result['diff'] == {
        'before': {'members': [N1], 'running': [N1], 'tables': tables},
        'after': {'members': [N1, N2], 'running': [N1, N2], 'tables': tables},
    }


def test_diff_names_the_members_of_a_table_not_on_every_member():
    partial = state([N1, N2], tables={'muc_room': table(disc=[N1], ram=[N2]), 'passwd': table(disc=[N1])})
    assert cluster.placement(partial)['tables'] == {
        'muc_room': {'disc_copies': [N1], 'ram_copies': [N2]}, 'passwd': {'disc_copies': [N1]}}


def test_check_mode_diff_after_is_the_reports_planned_placement():
    result = cluster.outcome(2, report('plan', actions=[dict(JOIN_N2, status='planned')], planned=planned_of(JOINED)),
                             '', True, True)
    assert result['diff']['before'] == cluster.placement(STANDALONE)
    assert result['diff']['after'] == cluster.placement(JOINED)


def test_bad_input_fails_with_the_json_paths():
    bad = json.dumps({'mode': 'apply', 'changed': False, 'converged': False, 'errors': [
        {'path': '$.nodes[0]', 'message': "'nonode' is not a node name: it has no '@' (expected name@host)"},
        {'path': '$.timeouts_ms.rpc', 'message': 'must be more than 0 ms'}]})
    result = cluster.outcome(1, bad, "error: $.nodes[0]: 'nonode' ...\n", False, True)
    assert result['failed'] is True and result['changed'] is False and result['rc'] == 1
    assert result['msg'] == ("nodes[0]: 'nonode' is not a node name: it has no '@' (expected name@host); "
                             "timeouts.rpc: must be more than 0 ms")


def test_input_errors_name_the_modules_options_not_json_paths():
    bad = json.dumps({'mode': 'apply', 'changed': False, 'converged': False, 'errors': [
        {'path': '$.tables.roster.type', 'message': "'tape' is not a storage type"},
        {'path': '$.seed', 'message': "'z@h' is not one of $.nodes"},
        {'path': '$.timeouts_ms', 'message': 'an object'},
        {'path': '$', 'message': 'must be a JSON object'}]})
    result = cluster.outcome(1, bad, '', False, False)
    assert result['msg'] == ("tables.roster.type: 'tape' is not a storage type; seed: 'z@h' is not one of nodes; "
                             "timeouts: an object; must be a JSON object")
    assert '$' not in result['msg']
    assert 'before' not in result and result['actions'] == [] and 'diff' not in result


def test_not_converged_fails_and_keeps_what_was_done():
    done = dict(JOIN_N2, status='done', ms=400)
    failed = {'op': 'join', 'node': N3, 'via': N1, 'status': 'failed', 'ms': 30,
              'error': 'mnesia:start() on ej3@localhost: {error,timeout}'}
    text = report('apply', changed=True, converged=False, actions=[done, failed], after=JOINED, unreachable=[N3],
                  errors=[{'message': 'join ej3@localhost failed: mnesia:start() on ej3@localhost: {error,timeout}'}])
    result = cluster.outcome(3, text, 'progress\n', False, True)
    assert result['failed'] is True and result['changed'] is True and result['converged'] is False
    assert result['msg'] == 'join ej3@localhost failed: mnesia:start() on ej3@localhost: {error,timeout}'
    assert result['unreachable'] == [N3] and result['actions'] == [done, failed] and result['rc'] == 3
    assert result['diff']['after']['members'] == [N1, N2]
    assert 'before' not in result and 'after' not in result  # a failure prints short without -v
    verbose = cluster.outcome(3, text, 'progress\n', False, True, verbosity=1)
    assert verbose['after'] == JOINED and verbose['msg'] == result['msg']


def test_refusal_in_check_mode_fails():
    text = report('plan', converged=False, errors=[{'message': 'refused join ej2@localhost: holds data'}])
    result = cluster.outcome(3, text, '', True, False)
    assert result['failed'] is True and result['changed'] is False and result['msg'] == 'refused join ej2@localhost: holds data'


def test_failure_without_errors_falls_back_to_stderr_then_exit_code():
    assert cluster.outcome(3, report('apply', converged=False), 'boom\n', False, False)['msg'] == 'boom'
    assert cluster.outcome(3, report('apply', converged=False), '', False, False)['msg'] == \
        'ejcluster exited with code 3 and reported no error'


@pytest.mark.parametrize('stdout', ['', 'not json', '[1, 2]', '{"mode": '])
def test_unparseable_output_fails_with_stderr(stdout):
    result = cluster.outcome(134, stdout, 'terminate called after throwing\n', False, True)
    assert result['failed'] is True and result['changed'] is False
    assert result['msg'] == 'ejcluster (exit 134) printed no JSON report: terminate called after throwing'


def test_warnings_are_returned():
    warning = 'ej3@localhost is a member of the cluster but not listed; it is left alone (remove_absent is false)'
    result = cluster.outcome(0, report('apply', warnings=[warning], before=JOINED, after=JOINED), '', False, False)
    assert result['warnings'] == [warning]


# --- main() against a fake ejcluster ---------------------------------------------------------

FAKE = r'''#!/bin/sh
# A stand-in for ejcluster: records its argv and stdin, prints $FAKE_REPORT, exits $FAKE_RC.
printf '%s\n' "$@" > "$FAKE_DIR/argv"
cat > "$FAKE_DIR/stdin"
cat "$FAKE_DIR/report"
echo "progress on stderr" >&2
exit "$FAKE_RC"
'''


@pytest.fixture
def fake(tmp_path, monkeypatch):
    exe = tmp_path / 'bin' / 'ejcluster'
    exe.parent.mkdir()
    exe.write_text(FAKE)
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv('FAKE_DIR', str(tmp_path))
    monkeypatch.setenv('PATH', str(exe.parent) + os.pathsep + os.environ.get('PATH', ''))

    def run(args, report_text, rc=0, check_mode=False, diff=False):
        (tmp_path / 'report').write_text(report_text)
        monkeypatch.setenv('FAKE_RC', str(rc))
        module_args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff,
                           _ansible_remote_tmp=str(tmp_path), _ansible_keep_remote_files=False)
        monkeypatch.setattr(basic, '_ANSIBLE_ARGS', to_bytes(json.dumps({'ANSIBLE_MODULE_ARGS': module_args})))
        with pytest.raises(SystemExit) as exit_info:
            cluster.main()
        return exit_info.value.code

    run.exe = str(exe)
    run.argv = lambda: (tmp_path / 'argv').read_text().splitlines() if (tmp_path / 'argv').exists() else None
    run.stdin = lambda: (tmp_path / 'stdin').read_text()
    return run


def module_output(capsys):
    return json.loads(capsys.readouterr().out)


def test_main_applies_with_the_cookie_on_stdin_only(fake, capsys):
    code = fake({'nodes': [N1, N2], 'cookie': COOKIE},
                report('apply', changed=True, actions=[dict(JOIN_N2, status='done')], after=JOINED))
    out = module_output(capsys)
    assert code == 0 and out['changed'] is True and out.get('failed') is not True
    assert fake.argv() == ['apply', '--format', 'json']
    assert json.loads(fake.stdin()) == {'nodes': [N1, N2], 'cookie': COOKIE}
    assert COOKIE not in json.dumps(out)


def test_main_check_mode_plans_and_diffs(fake, capsys):
    code = fake({'nodes': [N1, N2], 'plain_mnesia': True, 'timeouts': {'rpc': 100}},
                report('plan', actions=[dict(JOIN_N2, status='planned')], planned=planned_of(JOINED)),
                rc=2, check_mode=True, diff=True)
    out = module_output(capsys)
    assert code == 0 and out['changed'] is True and out['mode'] == 'plan'
    assert fake.argv() == ['plan', '--format', 'json']
    assert json.loads(fake.stdin()) == {'nodes': [N1, N2], 'app': None, 'timeouts_ms': {'rpc': 100}}
    assert out['diff']['after']['members'] == [N1, N2]


def test_main_fails_with_the_report_errors(fake, capsys):
    bad = json.dumps({'mode': 'apply', 'changed': False, 'converged': False,
                      'errors': [{'path': '$.nodes[0]', 'message': "'nonode' is not a node name"}]})
    code = fake({'nodes': ['nonode']}, bad, rc=1)
    out = module_output(capsys)
    assert code == 1 and out['failed'] is True
    assert out['msg'] == "nodes[0]: 'nonode' is not a node name"
    assert out['stderr'] == 'progress on stderr\n'


def test_main_explicit_executable(fake, capsys):
    code = fake({'nodes': [N1], 'executable': fake.exe}, report('apply', before=JOINED, after=JOINED))
    assert code == 0 and module_output(capsys)['changed'] is False


def test_main_missing_executable(fake, capsys, tmp_path):
    code = fake({'nodes': [N1], 'executable': str(tmp_path / 'nope')}, '')
    out = module_output(capsys)
    assert code == 1 and out['msg'] == 'executable %s is not an executable file' % (tmp_path / 'nope')
    assert fake.argv() is None


def test_main_not_on_path(fake, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv('PATH', str(tmp_path / 'empty'))
    code = fake({'nodes': [N1]}, '')
    out = module_output(capsys)
    assert code == 1 and 'Failed to find required executable "ejcluster"' in out['msg']


def test_main_refuses_app_with_plain_mnesia(fake, capsys):
    code = fake({'nodes': [N1], 'app': 'ejabberd', 'plain_mnesia': True}, '')
    out = module_output(capsys)
    assert code == 1 and 'mutually exclusive' in out['msg'] and fake.argv() is None


# --- documentation ---------------------------------------------------------------------------

def documented(options):
    """DOCUMENTATION's options in argument_spec form, for comparison."""
    out = {}
    for name, doc in options.items():
        spec = dict((key, doc[key]) for key in ('type', 'elements', 'required', 'default', 'aliases', 'no_log')
                    if key in doc)
        if 'suboptions' in doc:
            spec['options'] = documented(doc['suboptions'])
        out[name] = spec
    return out


def test_documentation_matches_the_argument_spec():
    yaml = pytest.importorskip('yaml')
    doc = yaml.safe_load(cluster.DOCUMENTATION)
    spec = cluster.argument_spec()
    for option in spec.values():
        option.pop('no_log', None)  # documented in words; validate-modules does not compare it either
    assert documented(doc['options']) == spec
    assert doc['module'] == 'cluster'
    for part in (cluster.EXAMPLES, cluster.RETURN):
        assert yaml.safe_load(part)


def test_returned_keys_are_documented():
    yaml = pytest.importorskip('yaml')
    returned = set(yaml.safe_load(cluster.RETURN))
    ok = cluster.outcome(0, report('apply', before=JOINED, after=JOINED), '', False, True)
    failed = cluster.outcome(3, report('apply', converged=False), 'x', False, False)
    assert set(ok) - {'failed', 'diff'} <= returned
    assert set(failed) - {'failed', 'msg'} <= returned
