"""Form P, the national per-project form, on hand-written development documents
(tests/fixtures/form_p/: each .txt written for the repository in a different dialect and province,
each .json golden written by reading it). The goldens are first checked against their sources, then
the extractor is scored against them with the repo's scorer."""

from __future__ import annotations

import random
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from docnorm.errors import UnsupportedDocumentError
from docnorm.eval.layouts_eval import EVALUATION_DIALECTS, random_evaluation, render_evaluation
from docnorm.eval.layouts_multi import GRID_DIALECTS, random_grid, render_grid
from docnorm.eval.layouts_p import DIALECTS, random_form, render
from docnorm.eval.score import score_results
from docnorm.extractor.forms import choose_form
from docnorm.extractor.pipeline import extract_text
from docnorm.schemas.document import GoldenDocument
from docnorm.schemas.form_p import FUND_SHARES, FormPDocument

FIXTURES = Path(__file__).parent / "fixtures" / "form_p"
GOLDENS = sorted(FIXTURES.glob("*.json"))


def _squeeze(text: str) -> str:
    """NFKC, no blanks, no thousands separators: what wrapping and printing may change."""
    return re.sub(r"(?<=\d),(?=\d{3})", "", "".join(unicodedata.normalize("NFKC", text).split()))


def _golden(path: Path) -> tuple[GoldenDocument, str]:
    golden = GoldenDocument.model_validate_json(path.read_text(encoding="utf-8"))
    return golden, (FIXTURES / golden.document).read_text(encoding="utf-8")


def _values(doc: FormPDocument) -> list[str]:
    """Every value a golden claims is printed in the source (targets joined from parts excepted)."""
    out: list[str] = [v for v in (doc.title, *doc.unplaced) if v]
    for p in doc.projects:
        out += [str(v) for k, v in p if k not in ("spans", "position", "indicators", "execution") and v is not None]
        for row in p.execution:
            out += [str(v) for k, v in row if k not in ("spans", "kind") and v is not None]
        for i in p.indicators:
            out += [
                str(v) for k, v in i if k not in ("spans", "position", "period_target", "annual_target", "actual") and v
            ]
            out += [i.actual.raw] if i.actual else []
            split = i.value is not None
            out += [t.raw for t in (i.period_target, i.annual_target) if t is not None and not split]
    return out


def test_there_are_enough_development_documents():
    assert len(GOLDENS) >= 24


@pytest.mark.parametrize("path", GOLDENS, ids=lambda p: p.stem)
def test_golden_is_faithful_to_its_source(path):
    golden, source = _golden(path)
    assert isinstance(golden.content, FormPDocument)
    squeezed = _squeeze(source)
    for value in _values(golden.content):
        assert _squeeze(value) in squeezed, f"{path.name}: {value!r} is not in the source"
    for p in golden.content.projects:
        for amount in (p.total, p.project_total, p.fiscal, p.superior, p.other):
            assert amount is None or isinstance(amount, Decimal)
        for i in p.indicators:
            if i.value is not None:  # a split target reads as its parts joined, 定性 left out
                parts = [x for x in (i.nature, i.value, i.measure_unit) if x and x not in ("定性", "定量")]
                assert i.annual_target is not None and i.annual_target.raw == "".join(parts), path.name


@pytest.mark.parametrize("path", GOLDENS, ids=lambda p: p.stem)
def test_form_p_reads_each_development_document_exactly(path):
    golden, source = _golden(path)
    form = choose_form(source)
    assert form is not None and form.NAME == "P"
    result = extract_text(source, golden.document)
    scores = score_results({path.stem: result}, {path.stem: golden}, {path.stem: source})
    doc = scores.documents[0]
    assert result.coverage is not None and result.coverage.lost_chars == 0
    assert result.status == ("partial" if golden.content.unplaced else "ok"), [u.text for u in result.unplaced]
    assert doc.field_f1 == 1.0, [d for d in doc.diffs if d.outcome != "correct"][:5]


RUN_ON = [p for p in GOLDENS if "_runon_" in p.stem]


def _one_line(source: str) -> str:
    """The form's lines, title to the last (satisfaction) row, run together; furniture lines stay."""
    lines = source.split("\n")
    first = next(i for i, line in enumerate(lines) if "绩效目标" in line)
    last = max(i for i, line in enumerate(lines) if "满意度" in line)
    return "\n".join(lines[:first] + ["".join(lines[first : last + 1])] + lines[last + 1 :])


@pytest.mark.parametrize("path", RUN_ON, ids=lambda p: p.stem)
def test_a_run_on_form_joined_into_one_line_reads_exactly(path):
    """The no-separator documents with every line of the form run together: the same golden."""
    golden, source = _golden(path)
    text = _one_line(source)
    assert text.count("\n") < source.count("\n") - 5
    result = extract_text(text, golden.document)
    scores = score_results({path.stem: result}, {path.stem: golden}, {path.stem: text})
    assert result.coverage is not None and result.coverage.lost_chars == 0
    assert scores.field_f1 == 1.0, [d for d in scores.documents[0].diffs if d.outcome != "correct"][:5]


def test_field_f1_over_the_development_set_is_one():
    pairs = [_golden(p) for p in GOLDENS]
    results = {g.document: extract_text(s, g.document) for g, s in pairs}
    scores = score_results(results, {g.document: g for g, _ in pairs}, {g.document: s for g, s in pairs})
    assert scores.field_f1 == 1.0


@pytest.mark.parametrize("path", sorted((Path(__file__).parent.parent / "examples" / "docs").glob("*.txt")))
def test_form_a_and_form_b_documents_are_not_read_as_form_p(path):
    form = choose_form(path.read_text(encoding="utf-8"))
    assert form is not None and form.NAME in ("A", "B")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_generated_forms_are_read_exactly_in_every_supported_dialect(dialect):
    """Property test: random content (the golden) printed in the dialect reads back field for field,
    every character accounted for."""
    rng = random.Random(f"form-p-{dialect}")
    for i in range(8):
        form = random_form(rng)
        text = render(form, dialect, rng)
        name = f"{dialect}_{i}.txt"
        golden = GoldenDocument(document=name, labelled_by="generator", content=form.golden())
        result = extract_text(text, name)
        assert result.coverage is not None and result.coverage.lost_chars == 0, text
        scores = score_results({name: result}, {name: golden}, {name: text})
        assert scores.field_f1 == 1.0, text


@pytest.mark.parametrize("dialect", DIALECTS)
def test_half_width_labels_and_amounts_are_read_in_every_supported_dialect(dialect):
    """Property test: `资金总额(万元):`, `(金额单位:万元)`, `5,270,000` printed half-width read back
    field for field (the content drawn is the golden)."""
    rng = random.Random(f"form-p-halfwidth-{dialect}")
    texts = []
    for i in range(8):
        form = random_form(rng)
        text = render(form, dialect, rng, halfwidth=True)
        texts.append(text)
        name = f"{dialect}_halfwidth_{i}.txt"
        golden = GoldenDocument(document=name, labelled_by="generator", content=form.golden())
        result = extract_text(text, name)
        assert result.coverage is not None and result.coverage.lost_chars == 0, text
        assert score_results({name: result}, {name: golden}, {name: text}).field_f1 == 1.0, text
    printed = "".join(texts)  # the variant printed what it claims
    assert re.search(r"\d,\d{3}", printed) and "(" in printed and re.search(r"[^\d\s]:", printed)
    assert not re.search(r"[（）]|单位：|[总额款金标]：", printed)  # and no full-width one in a label


def _drawn(rng: random.Random, wanted, count: int) -> list:
    forms = []
    while len(forms) < count:
        form = random_form(rng)
        if wanted(form):
            forms.append(form)
    return forms


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("variant", ["split groups side by side", "two-level fund header"])
def test_split_groups_and_two_level_funds_are_read_in_every_dialect(variant, dialect):
    """Property test: 中期 and 年度 groups each split into 指标性质 | 指标值 | 度量单位 under a two-row grid
    header, and 财政资金 split into 中央 / 省级 / 市级 / 县级 / 本级, read back field for field."""
    rng = random.Random(f"form-p-{variant}-{dialect}")
    if variant == "split groups side by side":
        forms = _drawn(rng, lambda f: f.grid == "split_double", 5)
    else:
        forms = _drawn(rng, lambda f: f.project.fiscal is None, 5)
    for i, form in enumerate(forms):
        text = render(form, dialect, rng)
        if variant == "split groups side by side":  # the variant printed what it claims
            assert (
                text.count("指标性质") == 2
                and "中期指标值" in text
                and any(x.period_target for x in form.project.indicators)
            )
        else:
            shares = sum(getattr(form.project, s) is not None for s in FUND_SHARES)
            assert shares >= 2 and len(re.findall("中央|省级|市级|州级|县级|区级|旗级|本级", text)) >= shares
        name = f"{dialect}_{i}.txt"
        golden = GoldenDocument(document=name, labelled_by="generator", content=form.golden())
        result = extract_text(text, name)
        assert result.coverage is not None and result.coverage.lost_chars == 0, text
        assert score_results({name: result}, {name: golden}, {name: text}).field_f1 == 1.0, text


@pytest.mark.parametrize("dialect", EVALUATION_DIALECTS)
def test_generated_self_evaluation_tables_are_read_exactly(dialect):
    """Property test: a self-evaluation table (budget execution block, goal beside outcome, targets
    beside actual values, weights, scores and reasons, a 总分 row) reads back field for field."""
    rng = random.Random(f"form-p-self-evaluation-{dialect}")
    for i in range(6):
        doc = random_evaluation(rng)
        text = render_evaluation(doc, dialect, rng)
        name = f"{dialect}_evaluation_{i}.txt"
        result = extract_text(text, name)
        assert result.coverage is not None and result.coverage.lost_chars == 0, text
        golden = GoldenDocument(document=name, labelled_by="generator", content=doc)
        assert score_results({name: result}, {name: golden}, {name: text}).field_f1 == 1.0, text
        assert result.content.kind == "self_evaluation" and result.status == "ok", result.findings


@pytest.mark.parametrize(
    ("dialect", "reason"),
    [
        ("no_separator", "self-evaluation table .* not separated"),  # too few label runs to be read as Form P
        ("one_line", "self-evaluation table .* run together"),
    ],
)
def test_a_self_evaluation_table_without_separators_is_refused_offline_with_the_reason(dialect, reason):
    """Never a reading made of digits run together: refused offline (the LLM path may read it)."""
    path = FIXTURES / "p29_pipe_self_evaluation_hunan_health_records.txt"
    lines = [ln.replace("|", "").replace(" ", "") for ln in path.read_text(encoding="utf-8").split("\n")]
    text = ("".join(lines) if dialect == "one_line" else "\n".join(lines)) + "\n"
    with pytest.raises(UnsupportedDocumentError, match=reason):
        extract_text(text, "run_together.txt")


CONTINUED = """项目支出绩效目标表
项目名称\t社区养老服务站运营
主管部门\t某区民政局\t实施单位\t某街道社区服务中心
资金总额（万元）\t40\t财政拨款\t40
年度目标\t为辖区老人提供助餐、日间照料服务。
一级指标\t二级指标\t三级指标\t指标值
产出指标\t数量指标\t助餐服务人次\t≥6000人次
第1页
项目支出绩效目标表
一级指标\t二级指标\t三级指标\t指标值
\t质量指标\t服务投诉处理率\t100%
满意度指标\t服务对象满意度指标\t老人满意度\t≥90%
第2页
"""


def test_a_grid_running_over_a_page_stays_one_project():
    """On the next page the title and the column header are printed again: the grid goes on (its
    level cells inherited across the break) and the page numbers are counted page footers."""
    result = extract_text(CONTINUED, "continued.txt")
    assert isinstance(result.content, FormPDocument)
    (project,) = result.content.projects
    assert project.name == "社区养老服务站运营"
    assert [(i.level1, i.level2, i.name) for i in project.indicators] == [
        ("产出指标", "数量指标", "助餐服务人次"),
        ("产出指标", "质量指标", "服务投诉处理率"),
        ("满意度指标", "服务对象满意度指标", "老人满意度"),
    ]
    assert {n.kind: n.count for n in result.noise}.get("page footer") == 2
    assert result.coverage is not None and result.coverage.lost_chars == 0 and not result.unplaced


def test_a_title_followed_by_a_project_name_opens_the_next_project():
    second = (
        CONTINUED.replace("第2页\n", "")
        + "项目支出绩效目标表\n金额单位：元\n项目名称\t老年食堂改造\n"
        + ("一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t改造食堂数量\t3个\n")
    )
    result = extract_text(second, "two.txt")
    assert isinstance(result.content, FormPDocument)
    first, other = result.content.projects
    assert (first.name, len(first.indicators), first.money_unit) == ("社区养老服务站运营", 3, "万元")
    assert (other.name, other.money_unit, [i.name for i in other.indicators]) == (
        "老年食堂改造",
        "元",
        ["改造食堂数量"],
    )


@pytest.mark.parametrize("dialect", GRID_DIALECTS)
def test_generated_multi_project_grids_are_read_exactly(dialect):
    """Property test: several drawn projects printed in one grid (project cells on the first row
    only, a unit merged over its projects) read back project by project, field for field."""
    rng = random.Random(f"form-p-multi-{dialect}")
    for i in range(6):
        grid = random_grid(rng)
        text = render_grid(grid, dialect, rng)
        name = f"{dialect}_multi_{i}.txt"
        golden = GoldenDocument(document=name, labelled_by="generator", content=grid.doc)
        result = extract_text(text, name)
        assert isinstance(result.content, FormPDocument)
        assert len(result.content.projects) == len(grid.doc.projects), text
        assert result.coverage is not None and result.coverage.lost_chars == 0, text
        assert score_results({name: result}, {name: golden}, {name: text}).field_f1 == 1.0, text


# One cell per line, weights and directions printed: `项目二 | 12.5 | …` must start a project, while the
# last row of a project (`设施完好状况 | 明显改善 | 10 | 正向`) is as many cells as the project columns
# with a number where the amount stands, and the unit merged over the third project leaves one cell
# fewer after a row whose last cell is free text.
WEIGHTED_LINES = """项目支出绩效目标汇总表
单位名称
项目名称
资金总额（万元）
年度目标
一级指标
二级指标
三级指标
指标值
权重
指标方向
某乡人民政府
乡村道路养护
36
完成村道日常养护，保障群众安全出行。
产出指标
数量指标
养护里程
≥42公里
30
正向
效益指标
社会效益指标
设施完好状况
明显改善
10
正向
满意度指标
服务对象满意度指标
群众满意度
≥90%
10
正向
某乡卫生院
基本公共卫生服务
12.5
为辖区居民提供基本公共卫生服务。
产出指标
数量指标
建立健康档案人数
≥3200人
40
正向
儿童疫苗接种补助
8
完成适龄儿童免疫规划疫苗接种。
产出指标
质量指标
接种率
≥95%
50
正向
"""


def test_a_weighted_grid_one_cell_per_line_starts_projects_only_where_project_cells_stand():
    result = extract_text(WEIGHTED_LINES, "weighted_lines.txt")
    assert isinstance(result.content, FormPDocument) and not result.unplaced
    projects = result.content.projects
    assert [(p.unit, p.name, p.total) for p in projects] == [
        ("某乡人民政府", "乡村道路养护", Decimal("36")),
        ("某乡卫生院", "基本公共卫生服务", Decimal("12.5")),
        ("某乡卫生院", "儿童疫苗接种补助", Decimal("8")),
    ]
    first = projects[0].indicators
    assert [(i.name, i.annual_target.raw if i.annual_target else None, i.weight, i.direction) for i in first] == [
        ("养护里程", "≥42公里", Decimal("30"), "正向"),
        ("设施完好状况", "明显改善", Decimal("10"), "正向"),
        ("群众满意度", "≥90%", Decimal("10"), "正向"),
    ]
    assert [i.name for i in projects[1].indicators] == ["建立健康档案人数"]
    assert projects[2].annual_goal == "完成适龄儿童免疫规划疫苗接种。"
    assert result.coverage is not None and result.coverage.lost_chars == 0


# No separator at all, the project columns name first: the unit (printed last, 某县人民政府办公室 two
# organisation words) is cut before its place word, and the third project, its unit merged, prints
# its name alone before the amount.
RUN_ON_GRID = """2024年项目支出绩效目标汇总表
金额单位：万元
项目名称单位名称资金总额年度目标一级指标二级指标三级指标指标值
政务服务热线运行某县人民政府办公室42.6保障热线全年运行，按时办结群众诉求。产出指标数量指标受理诉求件数≥12000件
满意度指标服务对象满意度指标群众满意度≥90%
县城路灯维护某县城市管理局88完成县城路灯日常维护，亮灯率保持在95%以上。产出指标质量指标亮灯率≥95%
效益指标社会效益指标夜间出行条件明显改善
背街小巷环境整治35.2整治背街小巷20条，改善居民生活环境。产出指标数量指标整治小巷数量20条
"""


@pytest.mark.parametrize("one_line", [False, True], ids=["rows on lines", "the whole grid on one line"])
def test_a_multi_project_grid_without_separators_is_cut_by_the_vocabulary(one_line):
    text = RUN_ON_GRID.replace("\n", "") + "\n" if one_line else RUN_ON_GRID
    result = extract_text(text, "run_on_grid.txt")
    assert isinstance(result.content, FormPDocument) and not result.unplaced
    projects = result.content.projects
    assert [(p.name, p.unit, p.total) for p in projects] == [
        ("政务服务热线运行", "某县人民政府办公室", Decimal("42.6")),
        ("县城路灯维护", "某县城市管理局", Decimal("88")),
        ("背街小巷环境整治", "某县城市管理局", Decimal("35.2")),
    ]
    assert projects[1].annual_goal == "完成县城路灯日常维护，亮灯率保持在95%以上。"
    assert [(i.level1, i.name, i.annual_target.raw if i.annual_target else None) for i in projects[1].indicators] == [
        ("产出指标", "亮灯率", "≥95%"),
        ("效益指标", "夜间出行条件", "明显改善"),
    ]
    assert [i.name for i in projects[2].indicators] == ["整治小巷数量"]
    assert result.coverage is not None and result.coverage.lost_chars == 0
