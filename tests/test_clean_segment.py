from docnorm.extractor.clean import clean
from docnorm.extractor.segment import is_tabbed, segment
from tests.conftest import source_text

LAYOUT = """项目支出绩效目标表（含转移支付项目）
部门名称：某街道办事处 单位：万元
项目名称（资金使用单位） 总计 财政拨款
财政
资金
绩效目标 绩效指标
某街道
办事处
10.00 10.00
    环卫保洁
经费
10.00 10.00
保持街道干净整洁，提升居民满
意度。
1、1-产出指标；11-数量指标；保洁面积；实施周期指标
值:100%；年度指标值:100%。
"""


def test_masking_keeps_offsets_and_counts_noise():
    cleaned = clean(LAYOUT)
    assert len(cleaned.masked) == len(LAYOUT)
    assert "项目支出" not in cleaned.masked and "财政\n" not in cleaned.masked
    assert cleaned.header.department == "某街道办事处" and cleaned.header.money_unit == "万元"
    assert cleaned.noise["page header"][0] == 2 and cleaned.noise["column header"][0] == 4


def test_a_lone_header_word_outside_a_column_header_is_content():
    text = LAYOUT.replace(
        "保持街道干净整洁，提升居民满\n意度。", "项目支出绩效目标表（含转移支付项目）\n资金\n保持街道干净整洁。"
    )
    cleaned = clean(text)
    assert "资金\n保持" in cleaned.masked


def test_html_tags_are_masked():
    cleaned = clean("a\t<p>目标</p>\t<p>指标</p>")
    assert cleaned.masked == "a\t   目标    \t   指标    " and cleaned.noise["html tag"][0] == 4


def test_layout_rows():
    rows, loose = segment(clean(LAYOUT).masked)
    assert loose == []
    assert [r.kind for r in rows] == ["unit", "project"]
    unit, project = rows
    assert unit.name.text == "某街道办事处" and [a.text for a in unit.amounts] == ["10.00", "10.00"]
    assert project.name.text == "环卫保洁经费"
    assert project.goal.text == "保持街道干净整洁，提升居民满意度。"
    assert project.indicators.text.endswith("实施周期指标值:100%；年度指标值:100%。")


def test_tabbed_rows_and_kinds():
    masked = clean(source_text("003_00b04d726a13fa98.txt")).masked
    assert is_tabbed(masked)
    rows, _ = segment(masked)
    kinds = [r.kind for r in rows]
    assert kinds[:3] == ["total", "unit", "project"] and kinds.count("orphan") == 3 and kinds.count("unit") == 3
    shifted = next(r for r in rows if r.name.text == "人大相关工作经费")  # a row with a missing cell
    assert shifted.goal.text.startswith("努力") and shifted.indicators.text.startswith("会效益")


def test_an_indented_tabbed_row_with_only_amounts_is_a_project():
    masked = "名称\t总计\t财政拨款\t专户\t其他\t目标\t指标\n单位甲\t8.00\t8.00\t\t\t\t\n  项目乙\t8.00\t8.00\t\t\t\t\n"
    kinds = [(r.name.text, r.kind) for r in segment(masked)[0]]
    assert kinds[1:] == [("单位甲", "unit"), ("项目乙", "project")]


def test_layout_seeds_are_not_tabbed():
    assert not is_tabbed(clean(source_text("001_8507f48a672429e9.txt")).masked)


def test_noise_summary_records_the_masked_ranges_it_counts():
    text = source_text("004_c4302184a6673dbb.txt")
    cleaned = clean(text, form="A")
    for entry in cleaned.summary():
        assert entry.spans, entry.kind
        # every masked range is blank in the masked text, and its non-space characters are the count
        assert all(cleaned.masked[a:b].strip() == "" for a, b in entry.spans)
        assert sum(len("".join(text[a:b].split())) for a, b in entry.spans) == entry.chars
