"""Every report fixture follows Speakeasy's report schema 3.0.0 exactly."""

import copy
import glob
import os

import jsonschema
import pytest

from conftest import DATA, FIXTURES, load, shared_path

REPORTS = sorted(glob.glob(os.path.join(FIXTURES, "*.json")) + glob.glob(os.path.join(DATA, "*.json")))


@pytest.fixture(scope="module")
def validator():
    schema = load(shared_path("schemas", "speakeasy-report-3.0.0.schema.json"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_there_are_fixtures():
    assert len(REPORTS) >= 12


@pytest.mark.parametrize("path", REPORTS, ids=os.path.basename)
def test_fixture_is_valid(validator, path):
    errors = sorted(validator.iter_errors(load(path)), key=str)
    assert not errors, f"{os.path.basename(path)}: {errors[0].message} at {list(errors[0].absolute_path)}"


def test_validator_rejects_a_broken_report(validator):
    # The schema check is not vacuous: an api event without pos, an entry
    # point with an unknown key and a string start address all fail.
    base = load(os.path.join(FIXTURES, "stager_shellcode_x64.json"))
    for mutate in (lambda r: r["entry_points"][0]["events"][0].pop("pos"),
                   lambda r: r["entry_points"][0].update(extra_key=1),
                   lambda r: r["entry_points"][0].update(start_addr="0x1000"),
                   lambda r: r.pop("timestamp")):
        r = copy.deepcopy(base)
        mutate(r)
        assert not validator.is_valid(r)
