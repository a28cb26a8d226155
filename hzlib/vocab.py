"""Controlled vocabularies of the ledger: one registry, the single source of truth for checks and docs."""
from __future__ import annotations

import re

# unit as written after the number -> (base unit, factor to the base unit)
UNITS: dict[str, tuple[str, float]] = {
    "亿元": ("元", 1e8),
    "万亿元": ("元", 1e12),
    "万亿": ("元", 1e12),  # 央行1万亿…再贷款: yuan implied
    "万元": ("元", 1e4),
    "元": ("元", 1.0),
    "%": ("%", 1.0),
    "个百分点": ("个百分点", 1.0),
    "万人": ("人", 1e4),
    "人": ("人", 1.0),
    "名": ("人", 1.0),
    "万名": ("人", 1e4),
    "万人次": ("人次", 1e4),
    "人次": ("人次", 1.0),
    "万户": ("户", 1e4),
    "户": ("户", 1.0),
    "家": ("家", 1.0),
    "个": ("个", 1.0),
    "万个": ("个", 1e4),
    "件": ("件", 1.0),
    "万件": ("件", 1e4),
    "支": ("支", 1.0),
    "万支": ("支", 1e4),
    "场": ("场", 1.0),
    "项": ("项", 1.0),
    "宗": ("宗", 1.0),
    "座": ("座", 1.0),
    "条": ("条", 1.0),
    "张": ("张", 1.0),
    "套": ("套", 1.0),
    "所": ("所", 1.0),
    "间": ("间", 1.0),
    "处": ("处", 1.0),
    "片": ("片", 1.0),
    "批次": ("批次", 1.0),
    "万批次": ("批次", 1e4),
    "平方米": ("平方米", 1.0),
    "万平方米": ("平方米", 1e4),
    "平方公里": ("平方米", 1e6),
    "公顷": ("平方米", 1e4),
    "公里": ("米", 1e3),
    "微克/立方米": ("微克/立方米", 1.0),
    "小时": ("小时", 1.0),
    "个工作日": ("个工作日", 1.0),
    "年": ("年", 1.0),
    "岁": ("岁", 1.0),
    "位": ("位", 1.0),  # a rank: 第四 -> 4 位
    "类": ("类", 1.0),  # a class on an official scale: 地表水 IV 类
    # Ratios keep their denominator: the unit is numerator/denominator in the report's words.
    "件/万人": ("件/万人", 1.0),  # 每万人发明专利拥有量 28 件
    "万人/座": ("人/座", 1e4),  # 每 6.4 万人拥有一座图书馆
}

KINDS: dict[str, str] = {
    "level": "an amount of money or of a physical quantity (亿元, 万平方米, 公里, 微克/立方米)",
    "count": "a number of things, people or events (家, 个, 场, 万人)",
    "growth": "percent change on the previous period (增长 / 下降 x%); a decline is negative",
    "change_pp": "a change or gap in percentage points (个百分点)",
    "share": "a part of a whole in percent (占…比重, 50% 分布在…)",
    "rate": "a ratio in percent that is not a share of a total (合格率, 签约率, 就业率, 达标比例)",
    "ratio": "a per-capita or per-unit quantity (每万人 28 件, 每 6.4 万人一座)",
    "rank": "a position in a ranking (全市第四)",
    "duration": "a length of time (2 小时, 1.5 个工作日, 连续 18 年)",
    "grade": "a class on an official scale (地表水 IV 类: surface-water quality class four of five)",
}

QUALIFIERS: dict[str, str] = {
    "": "exactly as stated",
    "超": "more than",
    "超过": "more than",
    "以上": "at least",
    "突破": "passed the mark of",
    "近": "nearly",
    "接近": "close to",
    "余": "more than (a round number)",
    "多": "more than (a round number)",
    "约": "about",
    "达": "reached",
    "内": "within",
    "基本": "roughly (基本持平: roughly unchanged)",
    "累计": "cumulative",
    "各": "each (各1所: the number applies to each of the kinds named)",
}

# What kind of number a money figure is. GDP and value-added growth are real, at comparable prices
# (可比价); levels and the growth of budget revenue, investment, retail sales, trade, gross output and
# business revenue are nominal, at current prices (现价), as the statistics bureau publishes them.
BASES: dict[str, str] = {
    "real": "at comparable prices (可比价): price changes removed",
    "nominal": "at current prices (现价)",
    "same_coverage": "growth on a revised or re-scoped base (同口径 / 可比口径), e.g. after a census revision",
    "not_money": "not a money figure (a count, an area, a concentration…)",
}
BASIS_FROM: dict[str, str] = {
    "report": "the report says so",
    "convention": "the statistics bureau's convention (data/README.md), the report being silent",
    "inference": "the curator's inference from the report's own figures (the row's note says why)",
}
TARGET_TYPES: dict[str, str] = {
    "indicative": "预期性: an expected level the plan steers towards; missing it is no breach",
    "binding": "约束性: a target the government is held to (energy, environment), assessed from above",
}
ASSIGNERS: dict[str, str] = {
    "district": "set by the district itself",
    "city": "assigned by the city (市下达), or taken from a city plan",
    "province": "assigned by the province (省下达)",
}
TARGET_FROM: dict[str, str] = {
    "report": "the report says so (预期目标, 市下达, …)",
    "convention": "the planning convention, the report being silent (the row's note or data/README.md says why)",
}
# A target's horizon follows from its period: the plan year, or the multi-year task it sits in.
HORIZONS: dict[str, str] = {
    "2020-target": "2020",
    "3y-target": "three-year",
    "5y-target": "five-year",
    "10y-target": "ten-year",
    "multiyear-target": "multi-year",
}
# The first part of a claim id names its period: 2019.…, 2020t.… (a 2020 target), plan.… (a multi-year one).
ID_PREFIXES: dict[str, str] = {
    "2018": "2018", "2019": "2019", "2020": "2020", "2020h1": "2020H1", "2020q1": "2020Q1",
    "2020t": "2020-target", "plan": "3y-target 5y-target 10y-target multiyear-target",
    "cumulative": "cumulative", "standing": "standing",
}
SERIES = re.compile(r"^[a-z0-9_]+(?:\.[a-z0-9_]+)*$")

PERIOD = re.compile(
    r"^(?:\d{4}(?:H1|Q1)?(?:-target)?|\d{4}-\d{4}(?:-target)?|\d+y-target|multiyear-target|cumulative|standing)$"
)
PERIODS_HELP = (
    "2019, 2018, 2020H1, 2020Q1, 2020, 2020-target, 2018-2019, 3y-target (a plan over three years), "
    "multiyear-target (a multi-year task with no horizon stated), "
    "cumulative (a running total), standing (a state at the report's date)"
)

CLAIM_ID = re.compile(r"^[a-z0-9][a-z0-9_]*(?:\.[a-z0-9_]+)+$")

NOT_CLAIM_CATEGORIES: dict[str, str] = {
    "year": "a calendar year (2019 年, 2018—2035 年)",
    "date": "a month or day (9 月 9 日)",
    "ordinal": "an ordinal or edition (第七季, 第五次, 第二批 when not a count)",
    "name": "part of a name (8 号线, 5G, PM2.5, 110 警情, 营商环境 3.0)",
    "title": "inside the title of a document or event",
    "age": "an age range in a name (0—3 岁 托育)",
    "policy-name": "a number in the name of a policy or programme (惠企 10 条, 数字经济 22 条, 三年行动计划)",
    "enumeration": "the item number of a list in the text (二是, 三是)",
    "structure": "the levels or parts of an institution (区、街两级, 三级服务体系, 三位一体)",
    "horizon": "the length of a plan period that the claim beside it records in its period (三年4条: 3y-target)",
}


# --- data/context.csv: figures from other sources (hzlib.context) ---------------------------------

CONTEXT_GEOGRAPHIES: tuple[str, ...] = (
    "Haizhu", "Guangzhou", "Tianhe", "Huangpu", "Yuexiu", "Nansha", "Baiyun", "Panyu", "Liwan", "Huadu",
    "Zengcheng", "Conghua", "Guangdong", "China",
)
CONTEXT_AUTHORITIES: dict[str, str] = {
    "official_site": "the publisher's own government site",
    "official_bulletin_mirror": "an official statistical bulletin, copied by a third-party site",
    "official_document_mirror": "another official document (work report, statistics note), copied by a third-party site",
    "press_report": "a newspaper, news site or news account reporting the figure",
    "reference_work": "an encyclopedia or similar reference work",
}
# unit as written -> (base unit, factor): the same idea as UNITS above, for the units of other sources
CONTEXT_UNITS: dict[str, tuple[str, float]] = {
    "亿元": ("yuan", 1e8), "万元": ("yuan", 1e4), "元": ("yuan", 1.0), "billion yuan": ("yuan", 1e9),
    "亿美元": ("US dollars", 1e8), "万人": ("persons", 1e4), "人": ("persons", 1.0),
    "亿元/平方公里": ("yuan per square kilometre", 1e8), "%": ("percent", 1.0), "位": ("rank", 1.0), "个": ("count", 1.0),
}
CONTEXT_QUALIFIERS: tuple[str, ...] = ("", "超", "超过", "近", "约")
