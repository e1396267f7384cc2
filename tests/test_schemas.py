import json

import pytest
from pydantic import ValidationError

from docnorm.schemas import FormADocument, Indicator, Project, Span
from docnorm.schemas.generate import MODELS, render, schema_path


@pytest.mark.parametrize("name", sorted(MODELS))
def test_json_schema_files_match_the_models(name):
    assert schema_path(name).read_text(encoding="utf-8") == render(MODELS[name]), (
        f"{schema_path(name).name} is stale: run python -m docnorm.schemas.generate"
    )


def test_schema_files_are_valid_json_schema():
    from jsonschema import Draft202012Validator

    for name in MODELS:
        Draft202012Validator.check_schema(json.loads(schema_path(name).read_text(encoding="utf-8")))


def test_unknown_keys_are_rejected():
    with pytest.raises(ValidationError):
        Project.model_validate({"position": 1, "colour": "red"})


def test_spans_must_name_fields_of_the_record():
    assert Project.model_validate({"position": 1, "spans": {"goal": [3, 9]}}).spans["goal"] == (3, 9)
    with pytest.raises(ValidationError):
        Project.model_validate({"position": 1, "spans": {"nonsense": [3, 9]}})
    with pytest.raises(ValidationError):
        Indicator.model_validate({"position": 1, "spans": {"goal": [3, 9]}})
    with pytest.raises(ValidationError):
        Project.model_validate({"position": 1, "spans": {"goal": [-1, 9]}})


def test_negative_offsets_and_positions_are_rejected():
    with pytest.raises(ValidationError):
        Span(start=-1, end=3)
    with pytest.raises(ValidationError):
        Project(position=0)


def test_amounts_round_trip_exactly_through_json():
    doc = FormADocument.model_validate({"projects": [{"position": 1, "total": "1209.08", "fiscal": "0.10"}]})
    again = FormADocument.model_validate_json(doc.model_dump_json())
    assert str(again.projects[0].total) == "1209.08" and str(again.projects[0].fiscal) == "0.10"
