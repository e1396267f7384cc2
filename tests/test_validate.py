from decimal import Decimal

from docnorm.extractor.forms.form_a.validate import validate_form_a
from docnorm.schemas.form_a import FormADocument


def _doc(**overrides):
    data = {
        "grand_total": {"total": "30.00"},
        "units": [{"position": 1, "name": "U", "total": "30.00"}],
        "projects": [
            {
                "position": 1,
                "unit": "U",
                "name": "A",
                "total": "10.00",
                "fiscal": "10.00",
                "goal": "g。",
                "indicators": [
                    {
                        "position": 1,
                        "level1_code": "1",
                        "level1": "产出指标",
                        "level2_code": "11",
                        "name": "x",
                        "annual_target": {
                            "raw": "100%",
                            "normalized": {"kind": "quantitative", "value": "100", "unit": "%"},
                        },
                    },
                    {"position": 2, "level1_code": "2", "level1": "效益指标", "level2_code": "22", "name": "y"},
                    {
                        "position": 3,
                        "level1_code": "3",
                        "level1": "满意度指标",
                        "level2_code": "31",
                        "name": "z",
                        "annual_target": {
                            "raw": "95%",
                            "normalized": {"kind": "quantitative", "value": "95", "unit": "%"},
                        },
                    },
                ],
            },
            {
                "position": 2,
                "unit": "U",
                "name": "B",
                "total": "20.00",
                "fiscal": "20.00",
                "goal": "g。",
                "indicators": [{"position": 1, "level1": "产出指标", "name": "x"}],
            },
        ],
    }
    data.update(overrides)
    return FormADocument.model_validate(data)


def _codes(doc):
    return sorted(f.code for f in validate_form_a(doc, "x\n" * 10))


def test_a_consistent_document_only_gets_category_notes():
    assert _codes(_doc()) == ["missing-category"]


def test_sums_are_flagged_with_the_difference_never_fixed():
    doc = _doc()
    doc.projects[0].fiscal = Decimal("9.99")
    doc.units[0].total = Decimal("31.00")
    findings = validate_form_a(doc, "")
    messages = {f.code: f.message for f in findings}
    assert "difference +0.01" in messages["sum-project"]
    assert "difference +1.00" in messages["sum-unit"]
    assert "sum-grand-total" in messages
    assert doc.projects[0].fiscal == Decimal("9.99")


def test_level_codes_percentages_satisfaction_duplicates_and_empties():
    doc = _doc()
    first = doc.projects[0].indicators
    first[0].level2_code = "31"
    first[0].annual_target.normalized.value = Decimal(120)
    first[2].annual_target.normalized.unit = "分"
    doc.projects[1].indicators.append(doc.projects[1].indicators[0].model_copy(update={"position": 2}))
    doc.projects[1].goal = None
    codes = _codes(doc)
    for code in (
        "level-code-mismatch",
        "percent-over-100",
        "satisfaction-not-percent",
        "duplicate-indicator",
        "missing-goal",
    ):
        assert code in codes, code
