"""Form P checks on the real parse: a level-2 under the wrong level-1 is flagged (kept as printed),
valid pairs and level names we do not know are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from docnorm.extractor.pipeline import extract_text

FIXTURES = Path(__file__).parent / "fixtures" / "form_p"


def _mismatches(text: str, name: str = "t.txt") -> list[str]:
    return [f.message for f in extract_text(text, name).findings if f.code == "level-mismatch"]


def test_level_mismatch_fires_for_the_misplaced_pairs_of_the_fixture_only():
    name = "p14_pipe_levelcheck_hebei_fitness.txt"
    messages = _mismatches((FIXTURES / name).read_text(encoding="utf-8"), name)
    # read off the fixture: indicator 3 (数量指标 under 效益指标), indicator 6 (经济成本指标 under 满意度指标);
    # 成本指标 under 产出指标 (indicator 2) and 经济成本指标 under 成本指标 (indicator 5) are valid
    assert len(messages) == 2, messages
    assert "indicator 3: level-2 数量指标 does not belong to level-1 效益指标" in messages[0]
    assert "indicator 6: level-2 经济成本指标 does not belong to level-1 满意度指标" in messages[1]


_FORM = """项目支出绩效目标表
| 项目名称 | 某项目 |
| 主管部门 | 某局 | 实施单位 | 某中心 |
| 一级指标 | 二级指标 | 三级指标 | 指标值 |
| {level1} | {level2} | 某指标 | ≥1个 |
"""


@pytest.mark.parametrize(
    ("level1", "level2", "flagged"),
    [
        ("效益指标", "数量指标", True),
        ("满意度指标", "经济成本指标", True),
        ("效益指标", "社会成本指标", True),
        ("产出指标", "社会效益指标", True),
        ("满意度指标", "时效指标", True),
        ("产出指标(0-50分)", "数量指标", False),
        ("预期产出指标", "质量指标", False),
        ("成本指标(0-20分)", "生态环境成本指标", False),
        ("产出指标", "经济成本指标", False),  # cost under output in older templates
        ("产出指标", "成本指标", False),
        ("效益指标", "可持续影响指标", False),
        ("效益指标", "服务对象满意度指标", False),  # satisfaction under 效益 occurs
        ("满意度指标", "社会公众或服务对象满意度指标", False),
        ("产出指标", "其他指标", False),  # an unknown level-2 cannot be judged
    ],
)
def test_level_check_on_one_pair(level1, level2, flagged):
    messages = _mismatches(_FORM.format(level1=level1, level2=level2))
    assert bool(messages) == flagged, messages


def test_variant_and_ocr_damaged_comparators_are_read_and_the_guesses_reported():
    name = "p15_tab_ocr_comparators_henan_food.txt"
    result = extract_text((FIXTURES / name).read_text(encoding="utf-8"), name)
    assert result.content is not None and result.content.form == "P"
    read = {
        (p.position, i.position): (
            i.annual_target.raw,
            i.annual_target.normalized.comparator,
            str(i.annual_target.normalized.value),
        )
        for p in result.content.projects
        for i in p.indicators
        if i.annual_target is not None and i.annual_target.normalized is not None
    }
    # read off the fixture by hand: (raw as printed, comparator meant, number)
    assert read == {
        (1, 1): ("≧1200批次", ">=", "1200"),
        (1, 2): (">=25个", ">=", "25"),
        (1, 3): ("2 95%", ">=", "95"),  # OCR: ≥ printed as 2
        (1, 4): ("=<15天", "<=", "15"),
        (1, 5): ("═0起", "=", "0"),
        (1, 6): (">95%", ">", "95"),  # a genuine greater-than
        (1, 7): ("290%", ">=", "90"),  # OCR: a satisfaction rate cannot be 290%
        (2, 1): ("2300人次", ">=", "300"),  # OCR: the 指标性质 cell holds 2
        (2, 2): ("≧90%", ">=", "90"),
        (2, 3): ("=<11月", "<=", "11"),
        (2, 4): ("明显提升", None, "None"),  # qualitative
        (2, 5): ("＞85%", ">", "85"),
    }
    guessed = [
        (f.severity, f.location.record, f.location.line) for f in result.findings if f.code == "comparator-guessed"
    ]
    assert guessed == [
        ("warning", "project 1 indicator 3", 13),
        ("warning", "project 1 indicator 7", 17),
        ("warning", "project 2 indicator 1", 26),
    ]


_SELF_EVALUATION = """项目支出绩效自评表
| 项目名称 | 某项目 |
| 主管部门 | 某局 | 实施单位 | 某中心 |
| 项目资金（万元） | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
| | 年度资金总额 | 10 | 10 | 9 | 10 | 90% | 9 |
| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
| 产出指标 | 数量指标 | 某指标 | ≥1个 | 1个 | 50 | {first} |
| 满意度指标 | 服务对象满意度指标 | 满意度 | ≥90% | 95% | {second} | 40 |
| 总分 | | | | | 100 | 99 |
"""


@pytest.mark.parametrize(
    ("first", "second", "codes"),
    [
        ("50", "40", set()),  # 50 + 40 + the budget's 9 = 99; 50 + 40 + 10 = 100
        ("55", "40", {"score-over-weight", "score-sum"}),  # 55 > 50; 55 + 40 + 9 = 104
        ("48", "40", {"score-sum"}),  # 48 + 40 + 9 = 97
        ("50", "45", {"weight-sum"}),  # weights 50 + 45 + 10 = 105, the 总分 says 100
    ],
)
def test_self_evaluation_scores_are_checked_against_weights_and_the_total(first, second, codes):
    result = extract_text(_SELF_EVALUATION.format(first=first, second=second), "self.txt")
    found = {f.code for f in result.findings if f.severity == "warning"}
    assert found == codes, [f.message for f in result.findings]
