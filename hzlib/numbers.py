"""Numbers as the report writes them: Arabic digits, Chinese numerals and a few words (持平)."""
from __future__ import annotations

import math
import re

ARABIC = re.compile(r"\d+(?:\.\d+)?")
# A Chinese numeral used as a quantity: a value of two or more (一 is as often an article, 一批 "a batch
# of", as a number) standing before a measure word or 大 (十大, 六大): 两级, 三年, 十八条, 九项, 五类; not after
# 第, which makes an ordinal (第十六届, 第四: a rank claim records those it needs).
CHINESE_QUANTITY = re.compile(
    r"(?<![\d.第一二两三四五六七八九十百千万])[二两三四五六七八九十][一二两三四五六七八九十百千万]*"
    r"(?=[个大条项年级类家所次批张座名位种支场件套轮化点是届季方区园门字])"
)
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}  # surface-water classes: 地表水 IV 类
SIGNED_ARABIC = re.compile(r"^[-−]?\d+(?:\.\d+)?$")
DECLINE_WORDS = ("下降", "减少", "下滑")
WORDS: dict[str, float] = {"持平": 0.0, "基本持平": 0.0, "双位数": 10.0, "零": 0.0, "一半": 50.0}
DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "万": 10_000}


def parse(as_written: str) -> float:
    """The value of a number as written: `7.6`, `-2.5`, `1099`, `千`, `十八`, `四`, `持平`."""
    text = as_written.strip()
    if SIGNED_ARABIC.match(text):
        return float(text.replace("−", "-"))
    if text in WORDS:
        return WORDS[text]
    if text in ROMAN:
        return float(ROMAN[text])
    if text and all(ch in DIGITS or ch in MULTIPLIERS for ch in text):
        return float(_chinese(text))
    raise ValueError(f"not a number: {as_written!r}")


def finite_number(text: str) -> float | None:
    """A curated CSV's number field as a float, or None if it is empty, not a number, or infinite/NaN."""
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _chinese(text: str) -> int:
    total, digit = 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * MULTIPLIERS[ch]
            digit = None
    return total + (digit or 0)


def token_spans(text: str) -> list[tuple[int, int]]:
    """Start and end of every Arabic number in `text` (`2.5` in `PM2.5` counts too) and of every
    Chinese numeral used as a quantity (`CHINESE_QUANTITY`), in order."""
    return sorted(m.span() for pattern in (ARABIC, CHINESE_QUANTITY) for m in pattern.finditer(text))


def is_number_token(text: str) -> bool:
    """Whether `text` is one number as the coverage check finds them: Arabic, or a Chinese quantity."""
    return bool(ARABIC.fullmatch(text) or re.fullmatch(CHINESE_QUANTITY.pattern.split("(?=")[0], text))


def occurrences(needle: str, haystack: str) -> list[int]:
    """Offsets of `needle` in `haystack`; an Arabic needle must not be part of a longer number."""
    found = [m.start() for m in re.finditer(re.escape(needle), haystack)]
    if not ARABIC.search(needle):
        return found
    return [i for i in found if not _digit_at(haystack, i - 1) and not _digit_at(haystack, i + len(needle))]


def _digit_at(text: str, index: int) -> bool:
    if index < 0 or index >= len(text):
        return False
    ch = text[index]
    if ch.isdigit():
        return True
    # a decimal point joining digits: "1.8" must not match inside "11.8" or "1.85"
    return ch == "." and (_is_digit(text, index - 1) or _is_digit(text, index + 1))


def _is_digit(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isdigit()


def declines(quote: str, at: int) -> bool:
    """Whether the clause before offset `at` in `quote` says the figure fell (下降, 减少)."""
    clause = re.split(r"[，。；、,]", quote[:at])[-1]
    return any(word in clause for word in DECLINE_WORDS)
