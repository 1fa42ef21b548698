"""The JSON Schema of the desired state (src/model/desired_state.schema.json) and the parser agree.

Every example validates against the schema and parses (ejcluster plan gets past the input: exit
is not 1); every structural case of the bad-input suite (tests/cli/bad_inputs.json) fails the
schema too, and every case the schema cannot tell (a cross-reference, the file system) passes
it, so that the split between the two is written down and kept.

    python3 -m pytest tests/cli/schema_test.py --ejcluster build/ejcluster
"""
import glob
import json
import os
import subprocess

import jsonschema
import pytest

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
SCHEMA_PATH = os.path.join(ROOT, 'src', 'model', 'desired_state.schema.json')
BAD_INPUTS = os.path.join(ROOT, 'tests', 'cli', 'bad_inputs.json')
COOKIE_FILE = '/tmp/ejcluster-schema-test-cookie'


def load(path):
    with open(path) as f:
        return json.load(f)


SCHEMA = load(SCHEMA_PATH)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def bad_input_text(case):
    if 'extra' not in case:
        return case['input']
    base = '{"nodes": ["a@h", "b@h"], "cookie_file": "%s"' % COOKIE_FILE
    return base + (', ' + case['extra'] if case['extra'] else '') + '}' + case.get('suffix', '')


def bad_inputs(kind):
    return [pytest.param(case, id=case['name']) for case in load(BAD_INPUTS)['cases'] if case['schema'] == kind]


def examples():
    return sorted(glob.glob(os.path.join(ROOT, 'examples', '*.json')))


def test_the_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA['$schema'] == 'https://json-schema.org/draft/2020-12/schema'


def test_there_are_examples_and_bad_inputs_of_each_kind():
    assert len(examples()) >= 3
    assert len(bad_inputs('rejects')) >= 30 and len(bad_inputs('accepts')) >= 5


@pytest.mark.parametrize('path', examples(), ids=os.path.basename)
def test_every_example_validates_and_names_the_schema(path, ejcluster):
    document = load(path)
    VALIDATOR.validate(document)
    assert document.get('$schema') == '../src/model/desired_state.schema.json'
    # The parser takes it too: plan gets past the input (exit 1 is bad input; without nodes
    # running it is 3, or 1 only for an input error).
    run = subprocess.run([ejcluster, 'plan', '--file', path], capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, HOME='/nonexistent'))
    report = json.loads(run.stdout)
    # Except the TLS files, which are the operator's (examples/tls-cluster.json names where they go).
    missing_tls_files = [name for name in ('certfile', 'keyfile', 'cacertfile')
                         if name in document.get('tls', {}) and not os.path.exists(document['tls'][name])]
    assert not [e for e in report['errors'] if 'path' in e and e['path'] not in ['$.tls.' + n for n in missing_tls_files]], \
        report['errors']


@pytest.mark.parametrize('case', bad_inputs('rejects'))
def test_a_structural_bad_input_fails_the_schema(case):
    document = json.loads(bad_input_text(case))
    assert list(VALIDATOR.iter_errors(document)), 'the schema accepts what ejcluster refuses: ' + case['where']


@pytest.mark.parametrize('case', bad_inputs('accepts'))
def test_what_only_ejcluster_can_check_passes_the_schema(case):
    document = json.loads(bad_input_text(case))
    errors = [e.message for e in VALIDATOR.iter_errors(document)]
    assert not errors, 'marked as beyond the schema (%s), but the schema rejects it: %s' % (case['why'], errors)
