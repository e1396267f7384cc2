from decimal import Decimal

import pytest

from docnorm.extractor.normalize import normalize_period, normalize_target


@pytest.mark.parametrize(
    "raw, comparator, value, unit, subject",
    [
        ("≥2次", ">=", "2", "次", None),
        ("大于90%", ">", "90", "%", None),
        ("社区志愿服务≥5000人次", ">=", "5000", "人次", "社区志愿服务"),
        ("≦2个小时", "<=", "2", "小时", None),
        ("＞95%", ">", "95", "%", None),
        ("≧80分", ">=", "80", "分", None),
        ("不低于90%", ">=", "90", "%", None),
        ("结对帮扶受益群众满意度不低于90%", ">=", "90", "%", "结对帮扶受益群众满意度"),
        ("3项及以上", ">=", "3", "项", None),
        ("90%以上", ">=", "90", "%", None),
        ("5件以下", "<=", "5", "件", None),
        ("每年至少24次", ">=", "24", "次", None),
        ("不超过3天", "<=", "3", "天", None),
        ("低于5%", "<", "5", "%", None),
        ("80-90%", "range", "80", "%", None),
        (">=90%", ">=", "90", "%", None),
        ("=>3次", ">=", "3", "次", None),
        ("≥=95%", ">=", "95", "%", None),
        ("=<15天", "<=", "15", "天", None),
        ("≤=2小时", "<=", "2", "小时", None),
        ("═100%", "=", "100", "%", None),
    ],
)
def test_quantitative_targets(raw, comparator, value, unit, subject):
    t = normalize_target(raw)
    assert (t.kind, t.comparator, t.value, t.unit, t.subject, t.implicit) == (
        "quantitative",
        comparator,
        Decimal(value),
        unit,
        subject,
        False,
    )
    assert t.unit_source == "value"


@pytest.mark.parametrize("raw, value, unit", [("90%", "90", "%"), ("2000人次", "2000", "人次"), ("67人", "67", "人")])
def test_bare_number_is_equal_and_implicit_never_at_least(raw, value, unit):
    t = normalize_target(raw)
    assert (t.comparator, t.value, t.unit, t.implicit) == ("=", Decimal(value), unit, True)


def test_unit_from_the_indicator_name_is_recorded_as_such():
    t = normalize_target("85", "服务对象满意度（%）")
    assert (t.value, t.unit, t.unit_source) == (Decimal(85), "%", "indicator_name")
    assert normalize_target("85").unit_source == "none"


@pytest.mark.parametrize(
    "raw, kind, extra",
    [
        ("全年", "period", {}),
        ("指标值=已覆盖数/总数*100%", "formula", {}),
        ("提升", "qualitative", {"direction": "increase"}),
        ("及时", "qualitative", {"direction": "achieve"}),
        ("稳定", "qualitative", {"direction": "maintain"}),
        ("良以上", "grade", {"grade": "良", "comparator": ">="}),
        ("优", "grade", {"grade": "优", "implicit": True}),
        ("零事故", "zero", {"value": Decimal(0), "subject": "事故"}),
        ("是", "boolean", {"value": Decimal(1)}),
        ("按规定支付", "reference", {}),
        ("6名站长，36名队员", "composite", {}),
        ("", "empty", {}),
        ("提高20%", "quantitative", {"direction": "increase", "value": Decimal(20), "comparator": None}),
    ],
)
def test_other_kinds(raw, kind, extra):
    t = normalize_target(raw)
    assert t.kind == kind
    for key, value in extra.items():
        assert getattr(t, key) == value, key


@pytest.mark.parametrize(
    "raw, name, value, unit",
    [
        ("2 95%", "抽检任务完成率", "95", "%"),  # a space after the 2: not a digit of the number
        ("2 10个", "培训场次", "10", "个"),
        ("2 100%", None, "100", "%"),  # 2100% cannot be; 100 is not a thousands group here
        ("290%", "群众满意度", "90", "%"),  # a satisfaction rate cannot be 290%
        ("295%", "食品抽检合格率", "95", "%"),
        ("2100%", "验收合格率", "100", "%"),
    ],
)
def test_a_leading_2_is_read_as_at_least_and_the_guess_recorded(raw, name, value, unit):
    t = normalize_target(raw, name)
    assert (t.kind, t.comparator, t.value, t.unit, t.implicit) == ("quantitative", ">=", Decimal(value), unit, False)
    assert t.guess is not None and "≥" in t.guess


@pytest.mark.parametrize(
    "raw, name, comparator, value",
    [
        (">95%", "合格率", ">", "95"),  # a genuine greater-than, never read as ≥
        ("295%", "产值增长率", "=", "295"),  # a change can pass 100%
        ("295%", None, "=", "295"),  # no name: not known to be a rate
        ("2 500人", None, "=", "2500"),  # a space as thousands separator
        ("2个", None, "=", "2"),
        ("2 小时", None, "=", "2"),
        ("25%", "满意度", "=", "25"),
        ("200%", "满意度", "=", "200"),  # 2 then 00: no number after the 2
        ("≥95%", "合格率", ">=", "95"),
    ],
)
def test_no_guess_where_the_2_may_be_a_digit(raw, name, comparator, value):
    t = normalize_target(raw, name)
    assert (t.comparator, t.value, t.guess) == (comparator, Decimal(value), None)


@pytest.mark.parametrize(
    "raw, start, end, serials",
    [
        # Excel's 1900 date system: 45292 is 2024-01-01, 45657 = 45292 + 365 (2024 is a leap year)
        ("45292-45657", "2024-01-01", "2024-12-31", True),
        ("45292至45657", "2024-01-01", "2024-12-31", True),
        ("45292.0 ～ 45657.0", "2024-01-01", "2024-12-31", True),
        ("45383至45626", "2024-04-01", "2024-11-30", True),  # 45292 + 31 + 29 + 31; 45657 - 31
        ("44927-45291", "2023-01-01", "2023-12-31", True),  # 45292 - 365
        ("2024-01-01至2024-12-31", "2024-01-01", "2024-12-31", False),
        ("2024年3月1日-2024年11月30日", "2024-03-01", "2024-11-30", False),
        ("2024.3.1-2024.11.30", "2024-03-01", "2024-11-30", False),
    ],
)
def test_periods_read_as_iso_dates(raw, start, end, serials):
    period = normalize_period(raw)
    assert (str(period.start), str(period.end), period.serials) == (start, end, serials)


@pytest.mark.parametrize(
    "raw",
    ["2024年1月-2024年12月", "2023年-2025年", "2024.01-2024.12", "12345-45657", "45292", "2024-02-30至2024-12-31"],
)
def test_periods_without_two_dates_give_none(raw):
    period = normalize_period(raw)
    assert not period.serials and None in (period.start, period.end)
