"""Hand-built golden/predicted documents for the scorer tests (53 golden field values)."""

from __future__ import annotations

from decimal import Decimal

from docnorm.schemas.common import Target
from docnorm.schemas.document import DocumentResult, GoldenDocument
from docnorm.schemas.form_a import FormADocument, FundingUnit, Indicator, Project

UNIT = "单位甲"
DUP = "社区党组织服务群众经费"


def indicator(pos: int, l1c: str, l1: str, l2c: str, l2: str, name: str, target: str) -> Indicator:
    return Indicator(
        position=pos,
        printed_no=pos,
        level1_code=l1c,
        level1=l1,
        level2_code=l2c,
        level2=l2,
        name=name,
        period_target=Target(raw=target),
        annual_target=Target(raw=target),
    )


def project(pos: int, name: str, amount: str, goal: str, indicators: list[Indicator]) -> Project:
    return Project(
        position=pos,
        unit=UNIT,
        name=name,
        total=Decimal(amount),
        fiscal=Decimal(amount),
        goal=goal,
        indicators=indicators,
    )


def golden_content() -> FormADocument:
    """3 doc fields + unit (3) + 3 projects x 5 fields + 4 indicators x 8 fields = 53 values."""
    return FormADocument(
        title="项目支出绩效目标表（含转移支付项目）",
        department="某街道办事处",
        money_unit="万元",
        units=[FundingUnit(position=1, name=UNIT, total=Decimal("35.00"), fiscal=Decimal("35.00"))],
        projects=[
            project(
                1,
                DUP,
                "10.00",
                "开展党建活动。",
                [
                    indicator(1, "1", "产出指标", "11", "数量指标", "活动次数", "≥2次"),
                    indicator(2, "3", "满意度指标", "31", "服务对象满意度指标", "群众满意度", "90%"),
                ],
            ),
            project(
                2,
                DUP,
                "20.00",
                "保障服务群众。",
                [
                    indicator(1, "1", "产出指标", "11", "数量指标", "服务人次", "≥500人次"),
                ],
            ),
            project(
                3,
                "环境卫生整治",
                "5.00",
                "改善辖区环境卫生。",
                [
                    indicator(1, "2", "效益指标", "22", "社会效益指标", "环境改善率", "≥95%"),
                ],
            ),
        ],
    )


def source_text(content: FormADocument) -> str:
    """A source in which every golden value appears (tab-separated, like seed 000)."""
    lines = [content.title or "", f"部门名称：{content.department}", "单位：万元", f"{UNIT}\t35.00\t35.00"]
    for p in content.projects:
        items = "".join(
            f"{i.printed_no}、{i.level1_code}-{i.level1}；{i.level2_code}-{i.level2}；{i.name}；"
            f"实施周期指标值:{i.period_target.raw}；年度指标值:{i.annual_target.raw}。"
            for i in p.indicators
        )
        lines.append(f"{p.name}\t{p.total}\t{p.fiscal}\t\t\t{p.goal}\t{items}")
    return "\n".join(lines)


def golden() -> GoldenDocument:
    return GoldenDocument(document="doc.txt", labelled_by="test", content=golden_content())


def result(content: FormADocument | None) -> DocumentResult:
    return DocumentResult(document="doc.txt", status="ok", content=content)
