"""Column headers of the output tables in Chinese (`docnorm extract --headers zh`): one mapping,
kept as data, shared by the writers (extractor.export) and the readers that find columns by
name (the workbook's number columns, the theme columns appended to projects.csv)."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["HEADER_LANGUAGES", "HEADERS_ZH", "column_keys", "header_language", "header_names"]

HEADER_LANGUAGES = ("en", "zh")
HEADERS_ZH: dict[str, str] = {
    "document": "文件",
    "unit": "资金使用单位",
    "project_no": "项目序号",
    "project": "项目名称",
    "total": "总计",
    "fiscal": "财政拨款",
    "special": "财政专户拨款",
    "other": "其他资金",
    "goal": "绩效目标",
    "indicator_count": "指标数",
    "status": "状态",
    "indicator_no": "指标序号",
    "level1_code": "一级指标代码",
    "level1": "一级指标",
    "level2_code": "二级指标代码",
    "level2": "二级指标",
    "indicator": "指标名称",
    "period_target": "实施周期指标值",
    "annual_target": "年度指标值",
    "printed_no": "原表序号",
    "annual_comparator": "年度指标比较符",
    "annual_value": "年度指标数值",
    "annual_unit": "年度指标单位",
    "annual_kind": "年度指标类型",
    "department": "部门名称",
    "measure": "度量说明",
    "target": "指标值",
    "target_comparator": "指标值比较符",
    "target_value": "指标数值",
    "target_unit": "指标值单位",
    "target_kind": "指标值类型",
    "severity": "严重程度",
    "code": "问题代码",
    "line": "行",
    "column": "列",
    "record": "记录",
    "message": "说明",
    "page": "页",
    "form": "表式",
    "projects": "项目数",
    "indicators": "指标总数",
    "money_unit": "金额单位",
    "total_wan": "金额（万元）",
    "attribute": "项目属性",
    "period": "项目起止时间",
    "project_total": "项目总金额",
    "superior": "上级资金",
    "fiscal_central": "财政资金（中央）",
    "fiscal_provincial": "财政资金（省级）",
    "fiscal_municipal": "财政资金（市级）",
    "fiscal_county": "财政资金（县级）",
    "fiscal_own": "财政资金（本级）",
    "table_kind": "表类型",
    "budget_adjusted": "全年预算数",
    "budget_executed": "全年执行数",
    "execution_rate": "预算执行率",
    "budget_score": "预算执行得分",
    "outcome": "实际完成情况",
    "weight_total": "总分值",
    "score_total": "自评总得分",
    "actual": "实际完成值",
    "actual_value": "实际完成数值",
    "actual_unit": "实际完成值单位",
    "score": "得分",
    "deviation": "偏差原因分析及改进措施",
    "period_goal": "实施期目标",
    "period_start": "开始日期",
    "period_end": "结束日期",
    "level1_canonical_code": "一级指标标准编码",
    "level1_canonical": "一级指标标准名称",
    "level2_canonical_code": "二级指标标准编码",
    "level2_canonical": "二级指标标准名称",
    "nature": "指标性质",
    "value": "指标值（分列）",
    "measure_unit": "度量单位",
    "weight": "权重",
    "direction": "指标方向",
    "standard": "绩效标准",
    "description": "指标值内容",
    "input_chars": "输入字符数",
    "field_chars": "字段字符数",
    "label_chars": "标签字符数",
    "noise_chars": "噪声字符数",
    "unplaced_chars": "未归位字符数",
    "lost_chars": "丢失字符数",
    "errors": "错误数",
    "warnings": "警告数",
    "infos": "提示数",
    "theme_id": "主题编号",
    "theme_label": "主题",
    "theme_score": "主题相似度",
    "theme": "编号",  # themes.csv
    "label": "主题名称",
    "keywords": "关键词",
    "size": "目标数",
    "representative_projects": "代表项目",
}
_KEYS = {zh: key for key, zh in HEADERS_ZH.items()}
assert len(_KEYS) == len(HEADERS_ZH), "two columns share a Chinese header"


def header_names(columns: Iterable[str], language: str = "en") -> list[str]:
    """The header row of `columns` (their keys) in `language`; a key without a translation stays."""
    if language not in HEADER_LANGUAGES:
        raise ValueError(f"unknown header language {language!r} (one of {', '.join(HEADER_LANGUAGES)})")
    return [HEADERS_ZH.get(c, c) if language == "zh" else c for c in columns]


def column_keys(header: Iterable[str]) -> list[str]:
    """The column keys of a header row written in either language."""
    return [_KEYS.get(h, h) for h in header]


def header_language(header: Iterable[str]) -> str:
    """ "zh" when the row uses the Chinese headers, else "en"."""
    return "zh" if any(h in _KEYS for h in header) else "en"
