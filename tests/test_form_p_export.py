"""Form P in projects.csv / indicators.csv: the same leading columns as Form A, values as the
fixtures print them (expected values below are read off the fixture texts by hand)."""

from __future__ import annotations

import csv
from pathlib import Path

from docnorm.extractor.export import INDICATOR_COLUMNS, PROJECT_COLUMNS, TableWriter, table_rows
from docnorm.extractor.pipeline import extract_text
from docnorm.schemas.overview import DOCUMENT_COLUMNS

FIXTURES = Path(__file__).parent / "fixtures" / "form_p"


def _tables(tmp_path: Path, *names: str) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    results = [extract_text((FIXTURES / n).read_text(encoding="utf-8"), n) for n in names]
    with TableWriter(tmp_path) as tables:
        for result in results:
            tables.add(table_rows(result))
    read = lambda f: list(csv.DictReader((tmp_path / f).open(encoding="utf-8-sig")))  # noqa: E731
    return read("projects.csv"), read("indicators.csv")


def test_form_p_projects_share_form_a_leading_columns(tmp_path):
    projects, _ = _tables(tmp_path, "p03_lines_chongqing_elderly.txt", "p12_barlines_gansu_youth.txt")
    assert PROJECT_COLUMNS[:4] == ["document", "unit", "project_no", "project"]
    elderly, youth = projects
    assert elderly["unit"] == "某区养老服务指导中心"  # the implementing unit, not the department
    assert elderly["department"] == "某区民政局"
    assert elderly["goal"] == "2024年为不少于1500名困难老人提供助餐、助洁等上门服务。"  # the annual goal
    assert elderly["period_goal"].startswith("三年内建成")
    assert (elderly["total"], elderly["money_unit"], elderly["total_wan"]) == ("860000", "元", "86")
    assert elderly["form"] == "P" and elderly["indicator_count"] == "5"
    assert youth["goal"].startswith("保障12所") and youth["period_goal"] == ""


def test_this_years_budget_is_the_total_when_the_project_total_is_printed_too(tmp_path):
    projects, _ = _tables(tmp_path, "p08_pipe_goalrow_guangdong_clinic.txt")
    assert (projects[0]["total"], projects[0]["project_total"]) == ("620000", "1860000")


def test_form_p_indicators_carry_parts_and_canonical_levels(tmp_path):
    _, rows = _tables(tmp_path, "p05_blanklines_yunnan_heritage.txt", "p06_tab_anhui_waste_cost.txt")
    assert set(INDICATOR_COLUMNS) >= {"nature", "value", "measure_unit", "level1_canonical"}
    first = rows[0]
    assert (first["annual_target"], first["nature"], first["value"], first["measure_unit"]) == ("≥8项", "≥", "8", "项")
    assert (first["level1_canonical_code"], first["level2_canonical_code"]) == ("1", "11")
    qualitative = next(r for r in rows if r["indicator"] == "非遗传承影响力")
    assert (qualitative["annual_target"], qualitative["nature"]) == ("持续扩大", "定性")
    cost = next(r for r in rows if r["indicator"] == "吨垃圾收运成本")
    assert cost["level1"] == "成本指标(0-20分)" and cost["level1_canonical"] == "成本指标"
    assert cost["level1_canonical_code"] == "" and cost["level2_canonical"] == "经济成本指标"
    quantity = next(r for r in rows if r["indicator"] == "日均清运量")
    assert (quantity["level1_canonical"], quantity["level2_canonical_code"]) == ("产出指标", "11")


def test_documents_csv_counts_form_p_projects_indicators_and_money(tmp_path):
    from docnorm.extractor.export import document_rows

    result = extract_text((FIXTURES / "p07_pipe_two_projects_neimenggu.txt").read_text(encoding="utf-8"), "p07.txt")
    row = dict(zip(DOCUMENT_COLUMNS, next(iter(document_rows(result))), strict=True))
    assert (row["form"], row["projects"], row["indicators"]) == ("P", 2, 10)
    assert (row["total"], row["money_unit"]) == ("2445", "万元")  # 2360 + 85, read off the fixture


def test_periods_printed_as_excel_serials_or_dates_get_iso_dates_beside_the_raw_text(tmp_path):
    projects, _ = _tables(
        tmp_path,
        "p16_tab_excel_dates_hunan_water.txt",
        "p06_tab_anhui_waste_cost.txt",
        "p01_pipe_hunan_roads.txt",
    )
    read = [(p["period"], p["period_start"], p["period_end"]) for p in projects]
    assert read == [
        ("45292-45657", "2024-01-01", "2024-12-31"),  # Excel serials: 45292 is 2024-01-01
        ("45383至45626", "2024-04-01", "2024-11-30"),  # 45292 + 91 days; 45657 - 31 days
        ("2024-01-01至2024-12-31", "2024-01-01", "2024-12-31"),
        ("2024年1月-2024年12月", "", ""),  # months only: no day to give
    ]


def test_a_period_read_from_excel_serials_is_reported():
    name = "p16_tab_excel_dates_hunan_water.txt"
    result = extract_text((FIXTURES / name).read_text(encoding="utf-8"), name)
    found = [(f.severity, f.location.line) for f in result.findings if f.code == "period-excel-serial"]
    assert found == [("info", 6), ("info", 18)]  # the two 项目起止时间 lines of the fixture


def test_two_level_fund_shares_have_their_own_columns(tmp_path):
    projects, _ = _tables(tmp_path, "p26_pipe_two_level_funds_guangxi_clinics.txt")
    row = projects[0]  # read off the fixture: 财政资金 over 中央 / 自治区级 / 市级 / 县级, amounts in the row below
    shares = [row[k] for k in ("fiscal_central", "fiscal_provincial", "fiscal_municipal", "fiscal_county")]
    assert shares == ["120", "60", "20", "30.5"]
    assert (row["total"], row["fiscal"], row["other"], row["fiscal_own"]) == ("236.5", "", "6", "")


def test_a_self_evaluation_table_has_its_execution_actual_values_and_scores_in_the_tables(tmp_path):
    projects, rows = _tables(tmp_path, "p29_pipe_self_evaluation_hunan_health_records.txt")
    project = projects[0]  # read off the fixture: the 年度资金总额 row 80 | 85 | 81.6 | 10 | 96% | 9.6, 总分 100 | 95.6
    assert (project["table_kind"], project["total"], project["budget_adjusted"]) == ("self_evaluation", "80", "85")
    assert (project["budget_executed"], project["execution_rate"], project["budget_score"]) == ("81.6", "96%", "9.6")
    assert (project["weight_total"], project["score_total"]) == ("100", "95.6")
    assert project["outcome"].startswith("全县居民电子健康档案更新完成")
    quality = next(r for r in rows if r["indicator"] == "档案信息准确率")
    assert (quality["annual_target"], quality["actual"], quality["actual_value"], quality["actual_unit"]) == (
        "≥95%",
        "93%",
        "93",
        "%",
    )
    assert (quality["weight"], quality["score"]) == ("20", "18")
    assert quality["deviation"] == "部分外出务工人员信息未及时核实，下年度加强入户核查"
    targets, _ = _tables(tmp_path / "t", "p01_pipe_hunan_roads.txt")
    assert targets[0]["table_kind"] == "targets" and targets[0]["score_total"] == ""
