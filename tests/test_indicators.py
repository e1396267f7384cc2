import pytest

from docnorm.extractor.forms.form_a.indicators import ANNUAL, PERIOD, parse_items


def _read(text):
    first, items = parse_items(text)
    pick = lambda r: text[r[0] : r[1]] if r else None  # noqa: E731
    return text[:first], [
        (
            i.printed_no,
            pick(i.level1_code),
            pick(i.level1),
            pick(i.level2_code),
            pick(i.level2),
            pick(i.name),
            pick(i.targets.get(PERIOD)),
            pick(i.targets.get(ANNUAL)),
        )
        for i in items
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "1、1-产出指标；11-数量指标；补贴发放率；实施周期指标值:100%；年度指标值:100%。",
            [(1, "1", "产出指标", "11", "数量指标", "补贴发放率", "100%", "100%")],
        ),
        (
            "1、2-效益指标,22-社会效益,保障正常办公；实施周期指标值:全年,年度指标值:正常;,2、1-产出指标,11-数量指标,举办活动场数；实施周期指标值:全年,年度指标值:4次;",
            [
                (1, "2", "效益指标", "22", "社会效益", "保障正常办公", "全年", "正常"),
                (2, "1", "产出指标", "11", "数量指标", "举办活动场数", "全年", "4次"),
            ],
        ),
        (
            "4、2-效益指标;22-社会效益;公共就业服务能力;年度指标值:提升;实施周期指标值:及时。",
            [(4, "2", "效益指标", "22", "社会效益", "公共就业服务能力", "及时", "提升")],
        ),
        (
            "1、1-产出指标，11-数量指标，租用办公场地面积（平方米），5911.6平方米；3-满意度指标，31-服务对象满意度，满意度水平，90%以上",
            [
                (1, "1", "产出指标", "11", "数量指标", "租用办公场地面积（平方米）", None, "5911.6平方米"),
                (None, "3", "满意度指标", "31", "服务对象满意度", "满意度水平", None, "90%以上"),
            ],
        ),
        (
            "1、1-产出指标,11-数量指标，政府采购率，100%；12-质量指标,支出合规性；2-效益指标，22-社会效益，案件办结率，100%",
            [
                (1, "1", "产出指标", "11", "数量指标", "政府采购率", None, "100%"),
                (None, None, None, "12", "质量指标", "支出合规性", None, None),
                (None, "2", "效益指标", "22", "社会效益", "案件办结率", None, "100%"),
            ],
        ),
        (
            "1、1-产出指标,12-质量指标,支出合规性；效益指标，生态效益，购买志愿服务，100人",
            [
                (1, "1", "产出指标", "12", "质量指标", "支出合规性", None, None),
                (None, None, "效益指标", None, "生态效益", "购买志愿服务", None, "100人"),
            ],
        ),
        (
            "1、3-满意度指标，31-服务对象满意度，90%及以上",
            [(1, "3", "满意度指标", "31", "服务对象满意度", None, None, "90%及以上")],
        ),
        (
            "1、1-产出指标,11-数量指标:政府采购率；实施周期指标值:全年,年度指标值:100%",
            [(1, "1", "产出指标", "11", "数量指标", "政府采购率", "全年", "100%")],
        ),
        (
            "2、2-效益指标；22-社会效益；加大宣传，推动居民规范使用燃气知晓率；实施周期指标值:≥85%；年度指标值:≥85%。",
            [(2, "2", "效益指标", "22", "社会效益", "加大宣传，推动居民规范使用燃气知晓率", "≥85%", "≥85%")],
        ),
        (
            "1、1-产出指标；11-数量指标；在2023年12月31日前完成。；实施周期指标值:100%；年度指标值:100%。",
            [(1, "1", "产出指标", "11", "数量指标", "在2023年12月31日前完成。", "100%", "100%")],
        ),
    ],
)
def test_item_variants(text, expected):
    lead, items = _read(text)
    assert lead == "" and items == expected


def test_text_before_the_first_item_is_returned_as_a_fragment():
    lead, items = _read(
        "会效益；促进规范化建设；实施周期指标值:规范；年度指标值:规范。4、3-满意度指标；31-服务对象满意度；满意度；实施周期指标值:95%；年度指标值:95%。"
    )
    assert lead.startswith("会效益") and [i[0] for i in items] == [4]


def test_an_item_cut_before_its_targets_is_incomplete():
    _, items = parse_items("3、2-效益指标；22-社")
    assert len(items) == 1 and not items[0].complete


def test_level_two_after_level_one_is_not_a_new_item():
    _, items = parse_items("1、1-产出指标；11-数量指标；完成率；实施周期指标值:1；年度指标值:1。")
    assert len(items) == 1


@pytest.mark.parametrize("tail", ["实施周期指标", "实施周期", "年度指"])
def test_a_label_cut_short_is_not_read_as_a_target(tail):
    _, items = parse_items(f"1、1-产出指标；11-数量指标；开展调研次数；{tail}")
    assert not items[0].complete


def test_fast_path_and_general_parser_agree_on_every_seed_item():
    from docnorm.extractor.clean import clean
    from docnorm.extractor.forms.form_a.assemble import assemble
    from docnorm.extractor.forms.form_a.indicators import _parse_full_item, item_starts, parse_item_general
    from docnorm.extractor.segment import segment
    from tests.conftest import FORM_A_SEEDS, source_text

    fast_hits = 0
    for name in FORM_A_SEEDS:
        drafts = assemble(segment(clean(source_text(name)).masked)[0]).projects
        for _, draft in drafts:
            text = draft.indicator_text.text
            starts = item_starts(text)
            for i, (offset, number) in enumerate(starts):
                stop = starts[i + 1][0] if i + 1 < len(starts) else len(text)
                body = offset + (len(str(number)) + 1 if number is not None else 0)
                fast = _parse_full_item(text, number, body, stop)
                if fast is not None:
                    fast_hits += 1
                    assert fast == parse_item_general(text, number, body, stop), text[body:stop]
    assert fast_hits > 500
