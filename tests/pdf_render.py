"""Render a golden Form A as a PDF table with reportlab, for the PDF reader tests and bench.

The goldens are the truth: every printed cell comes from the golden's fields, nothing from the
extractor. Narrow columns make reportlab wrap goal and indicator cells over many lines; long
tables run over several pages with the column header repeated (repeatRows) and the title on
every page."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
FONT = "WQY"
HEADER = ["项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "绩效指标"]


def _amount(value: Any) -> str:
    return "" if value is None else f"{Decimal(str(value)):,.2f}"


def _indicator(item: dict[str, Any]) -> str:
    parts = []
    for code, name in (("level1_code", "level1"), ("level2_code", "level2")):
        if item.get(name):
            parts.append(f"{item[code]}-{item[name]}" if item.get(code) else item[name])
    parts.append(item.get("name") or "")
    for label, key in (("实施周期指标值", "period_target"), ("年度指标值", "annual_target")):
        if (target := item.get(key)) and target.get("raw") is not None:
            parts.append(f"{label}：{target['raw']}")
    number = f"{item['printed_no']}、" if item.get("printed_no") is not None else ""
    return number + "；".join(parts) + "。"


def _money(rec: dict[str, Any]) -> list[str]:
    return [_amount(rec.get(k)) for k in ("total", "fiscal", "special", "other")]


def form_a_rows(content: dict[str, Any]) -> list[tuple[bool, list[str]]]:
    """The table's rows as printed, each with whether it is a project (printed indented): header,
    合计, then each unit followed by its projects, and last the golden's unplaced text."""
    rows = [(False, HEADER)]
    if content.get("grand_total"):
        rows.append((False, ["合计", *_money(content["grand_total"]), "", ""]))
    for unit in content["units"]:
        rows.append((False, [unit["name"], *_money(unit), "", ""]))
        for p in (p for p in content["projects"] if p["unit"] == unit["name"]):
            indicators = "".join(_indicator(i) for i in p.get("indicators") or [])
            rows.append((True, [p["name"] or "", *_money(p), p.get("goal") or "", indicators]))
    for text in content.get("unplaced") or []:  # text the golden places nowhere: a nameless row
        rows.append((False, ["", "", "", "", "", text, ""]))
    return rows


def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE), subfontIndex=0))
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=7, leading=9, wordWrap="CJK")
    return {
        "cell": cell,
        "project": ParagraphStyle("project", parent=cell, leftIndent=14),
        "title": ParagraphStyle("title", fontName=FONT, fontSize=12, leading=16),
        "head": ParagraphStyle("head", fontName=FONT, fontSize=8, leading=11),
    }


def _table(
    data: list[list[Any]], fractions: list[float], width: float, *, ruled: bool, extra: Any = (), **kw: Any
) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(data, colWidths=[f * width for f in fractions], **kw)
    commands: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "TOP"), *extra]
    if ruled:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    table.setStyle(TableStyle(commands))
    return table


def _build(story: list[Any], out: Path, title: str, *, landscape: bool, furniture: bool) -> Path:
    """Write the story; with furniture every later page repeats the title at its top and every
    page prints 第 n 页 at its foot (page noise the reader must drop and count)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as turn
    from reportlab.platypus import SimpleDocTemplate

    size = turn(A4) if landscape else A4

    def footer(canvas: Any, doc: Any) -> None:
        if furniture:
            canvas.setFont(FONT, 8)
            canvas.drawCentredString(size[0] / 2, 14, f"第 {doc.page} 页")

    def later(canvas: Any, doc: Any) -> None:
        if furniture:
            canvas.setFont(FONT, 10)
            canvas.drawString(30, size[1] - 22, title)
        footer(canvas, doc)

    margin = 30 if not furniture else 34
    doc = SimpleDocTemplate(str(out), pagesize=size, leftMargin=30, rightMargin=30, topMargin=margin,
                            bottomMargin=margin)  # fmt: skip
    doc.build(story, onFirstPage=footer, onLaterPages=later)
    return out


def page_width(landscape: bool) -> float:
    from reportlab.lib.pagesizes import A4

    return (A4[1] if landscape else A4[0]) - 60


def render_form_a(
    content: dict[str, Any], out: Path, *, ruled: bool = True, landscape: bool = False, furniture: bool = False,
    split_rows: bool = False,
) -> Path:  # fmt: skip
    """Write the golden's Form A table to `out`; ruled draws every cell border; split_rows lets a
    row continue over a page break."""
    from reportlab.platypus import Paragraph, Spacer

    st = _styles()
    data = [
        [Paragraph(c, st["project"] if p and i == 0 else st["cell"]) for i, c in enumerate(row)]
        for p, row in form_a_rows(content)
    ]
    fractions = [0.16, 0.08, 0.08, 0.08, 0.08, 0.24, 0.28]
    table = _table(data, fractions, page_width(landscape), ruled=ruled, repeatRows=1, splitInRow=int(split_rows))
    title = content.get("title") or "项目支出绩效目标表（含转移支付项目）"
    story = [
        Paragraph(title, st["title"]),
        Paragraph(f"部门名称：{content['department']}", st["head"]),
        Paragraph(f"单位：{content.get('money_unit') or '万元'}", st["head"]),
        Spacer(1, 6),
        table,
    ]
    return _build(story, out, title, landscape=landscape, furniture=furniture)
