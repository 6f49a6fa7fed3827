"""`proofcheck schema` and `proofcheck new`, through click's test runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from proofcheck.cli import main
from proofcheck.language.schema import claim_schema, schema_json

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_schema_is_draft_07_and_the_committed_copy_is_current():
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["required"] == ["title", "claim"]
    assert schema["additionalProperties"] is False
    assert (ROOT / "proofcheck.schema.json").read_text() == schema_json(), (
        "regenerate with: proofcheck schema -o proofcheck.schema.json"
    )


def test_schema_accepts_the_course_claims_and_rejects_a_typo():
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft7Validator(claim_schema())
    for path in sorted((ROOT / "claims").glob("*.yaml")):
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text())))
        assert not errors, (path, errors[0].message)
    assert list(validator.iter_errors({"title": "t", "claim": "x > 0", "claims": "x"}))
    assert list(validator.iter_errors({"title": "t", "claim": "x > 0", "symbols": {"x": "positve"}}))


def test_new_writes_a_template_that_passes_check(tmp_path):
    result = run("new", "my-claim", "--dir", str(tmp_path / "claims"))
    assert result.exit_code == 0, result.output
    path = tmp_path / "claims" / "my-claim.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    assert text.count("#") > 10  # it is commented
    checked = run("check", str(path))
    assert checked.exit_code == 0, checked.output
    assert "no errors" in checked.output


def test_new_refuses_to_overwrite_and_bad_ids(tmp_path):
    assert run("new", "c1", "--dir", str(tmp_path)).exit_code == 0
    again = run("new", "c1", "--dir", str(tmp_path))
    assert again.exit_code == 2 and "already exists" in again.output
    assert run("new", "c1", "--dir", str(tmp_path), "--force").exit_code == 0
    bad = run("new", "Bad Id", "--dir", str(tmp_path))
    assert bad.exit_code == 2 and "not a valid claim id" in bad.output


def test_check_on_the_course_claims_exits_zero():
    result = run("check", str(ROOT / "claims"))
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("no errors.")


def test_check_reports_each_error_and_a_summary(tmp_path):
    (tmp_path / "bad.yaml").write_text('title: t\nsymbols: {x: scalar}\nclaim: "x @ x >= 0"\n')
    (tmp_path / "good.yaml").write_text('title: t\nclaim: "1 >= 0"\n')
    result = run("check", str(tmp_path))
    assert result.exit_code == 1
    first, summary = result.output.strip().splitlines()
    assert first.startswith(f"{tmp_path / 'bad.yaml'}:3:9: error: `@` needs vectors or matrices")
    assert summary == "Found 1 error in 1 of 2 claim files."


def test_unwritable_outputs_are_usage_errors(tmp_path):
    missing = tmp_path / "missing" / "x.json"
    assert run("schema", "-o", str(missing)).exit_code == 2
    (tmp_path / "c.yaml").write_text('title: t\nclaim: "1 >= 0"\n')
    result = run("verify", str(tmp_path / "c.yaml"), "--no-cache", "--format", "json", "-o", str(missing))
    assert result.exit_code == 2 and "no such directory" in result.output
