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
