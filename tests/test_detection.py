"""Detection is never forced: a per-project target form (the national 项目支出绩效目标申报表 with
its key cells) is read neither as Form A nor as Form B, even under their titles or with their grid
header: Form P reads it; a lone key cell no form accepts is reported unsupported with the reason. The documents here are written for the test."""

from __future__ import annotations

import pytest

from docnorm.errors import UnsupportedDocumentError
from docnorm.extractor.forms import choose_form
from docnorm.extractor.pipeline import extract_text

_TABBED = """项目支出绩效目标表（含转移支付项目）
项目名称\t社区体育设施维护\t\t
主管部门\t某区文化广电旅游体育局\t实施单位\t某街道文体服务中心
资金总额\t35.00\t财政拨款\t35.00
年度目标\t完成辖区内健身路径的巡查与维修，保障群众安全使用。
一级指标\t二级指标\t三级指标\t指标值
产出指标\t数量指标\t维修健身路径数\t≥12处
效益指标\t社会效益指标\t设施完好率\t≥95%
满意度指标\t服务对象满意度指标\t群众满意度\t≥90%
"""

_PIPES = """| 项目名称 | 老旧小区微改造 |
| 实施单位 | 某镇人民政府 | 项目属性 | 延续项目 |
| 一级指标 | 二级指标 | 三级指标 | 指标值 |
| 产出指标 | 数量指标 | 改造小区数量 | 3个 |
"""


@pytest.mark.parametrize("text", [_TABBED, _PIPES, _TABBED.replace("项目支出绩效目标表（含转移支付项目）", "部门整体")])
def test_a_per_project_form_is_read_as_form_p_never_as_form_a_or_b(text):
    form = choose_form(text)
    assert form is not None and form.NAME == "P"
    result = extract_text(text, "p.txt")
    assert result.content is not None and result.content.form == "P"
    assert result.content.projects[0].indicators[0].name in ("维修健身路径数", "改造小区数量")


def test_a_lone_per_project_key_cell_is_unsupported_with_the_reason():
    text = "项目名称\t社区体育设施维护\n说明：本表为示例。\n"
    assert choose_form(text) is None
    with pytest.raises(UnsupportedDocumentError, match="per-project"):
        extract_text(text, "p.txt")


def test_a_form_a_column_header_is_not_a_per_project_key_cell():
    text = "项目支出绩效目标表（含转移支付项目）\n项目名称（资金使用单位）\t总计\t财政拨款\n"
    form = choose_form(text)
    assert form is not None and form.NAME == "A"


def test_a_per_project_header_run_together_on_one_line_is_read_as_form_p():
    text = "项目名称社区体育设施维护主管部门某区文化广电旅游体育局实施单位某街道文体服务中心\n"
    form = choose_form(text)
    assert form is not None and form.NAME == "P"
    project = extract_text(text, "p.txt").content.projects[0]
    assert (project.name, project.department, project.unit) == (
        "社区体育设施维护",
        "某区文化广电旅游体育局",
        "某街道文体服务中心",
    )
