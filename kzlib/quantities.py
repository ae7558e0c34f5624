"""Turn the words a source uses for a number into a documented numeric range.

One rule, in one function, for every vague figure in the data (crowd sizes, tolls,
detentions). The words stay in the tables next to the range this module computes.

=========================  =====================  ===========
words                      range (low, high)      approximate
=========================  =====================  ===========
``3,811`` / ``eight``      [3811, 3811]           no
``about 100``              [100, 100]             yes  (also around, approximately,
                                                        roughly, some, nearly, almost,
                                                        close to, an estimated, ~)
``more than 1,000``        [1001, open]           no   (also over, above, upwards of)
``at least 10``            [10, open]             no   (also no fewer than, not less than)
``up to 6,000``            [open, 6000]           no   (also as many as)
``fewer than 50``          [open, 49]             no   (also less than, under)
``1,000-1,200``            [1000, 1200]           no   (also "N to M", "between N and M")
``5.8 thousand``           [5800, 5800]           no
``a dozen``                [12, 12]               yes
``dozens``                 [24, 99]               no   (also several / a few dozen)
``hundreds``               [200, 999]             no   (also several / a few / many hundred(s))
``thousands``              [2000, 9999]           no   (also several / a few / many thousand(s))
``tens of thousands``      [20000, 99999]         no
=========================  =====================  ===========

"open" is ``None``. A qualifier combines with a number or ``a dozen``/``a hundred``/
``a thousand``; a plural vague word ("dozens") stands alone. Trailing words after the
figure ("more than 1,000 people") are ignored; anything else is an error.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from .errors import KzDataError


class Figure(NamedTuple):
    """A parsed figure: inclusive ``low``/``high`` bounds (``None`` = open) and whether
    the source called it approximate."""

    low: int | None
    high: int | None
    approximate: bool


_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000, "k": 1000}

_VAGUE = [  # plural vague words; "hundreds of thousands" and the like are not accepted
    (re.compile(r"^tens of thousands\b"), (20_000, 99_999)),
    (re.compile(r"^(?:several dozens?|a few dozens?|dozens)\b(?! of)"), (24, 99)),
    (re.compile(r"^(?:several hundreds?|a few hundreds?|many hundreds|hundreds)\b(?! of)"), (200, 999)),
    (re.compile(r"^(?:several thousands?|a few thousands?|many thousands|thousands)\b(?! of)"), (2_000, 9_999)),
]

_QUALIFIERS = [
    ("gt", ("more than", "over", "above", "upwards of", "in excess of")),
    ("ge", ("at least", "no fewer than", "not less than", "no less than", "a minimum of")),
    ("le", ("up to", "as many as", "at most", "no more than")),
    ("lt", ("fewer than", "less than", "under", "below")),
    ("approx", ("about", "around", "approximately", "roughly", "some", "an estimated",
                "estimated", "nearly", "almost", "close to", "circa", "~", "approx.", "c.")),
]

_NUM = r"\d{1,3}(?:[, ]\d{3})+|\d+(?:\.\d+)?"
_WORDNUM = r"(?:a|an|one|" + "|".join(list(_UNITS) + list(_TENS)) + r")(?:[- ](?:" + "|".join(_UNITS) + r"))?"
_SCALE = r"(?:\s*(?:dozen|hundred|thousand|million|k)\b)?"
_QUANTITY = re.compile(rf"^(?P<num>{_NUM}|{_WORDNUM}){_SCALE.replace('(?:', '(?P<scale>', 1)}")
_RANGE = re.compile(
    rf"^(?:between |from )?(?P<a>{_NUM})(?P<sa>{_SCALE})\s*(?:-|to|and)\s*(?P<b>{_NUM})(?P<sb>{_SCALE})(?=\W|$)"
)


def _error(text: str, why: str) -> KzDataError:
    return KzDataError.one("<figure text>", f"a figure phrase ({why})", value=text)


def _normalise(text: str) -> str:
    t = text.strip().lower()
    t = re.sub(r"[\u2010-\u2015\u2212]", "-", t)          # dashes and minus signs
    t = re.sub(r"[\u00a0\u2009\u202f]", " ", t)            # no-break and thin spaces
    t = re.sub(r"\s+", " ", t)
    return t


def _to_number(num: str, scale: str | None, text: str) -> tuple[int, bool]:
    """Return (value, implied_approximate) for a number token and an optional scale word."""
    num = num.strip()
    scale = (scale or "").strip()
    mult = _SCALES.get(scale, 1) if scale else 1
    approx = False
    if re.fullmatch(r"\d{1,3}(?:[, ]\d{3})+", num):
        value: float = int(re.sub(r"[, ]", "", num))
    elif re.fullmatch(r"\d+(?:\.\d+)?", num):
        value = float(num) if "." in num else int(num)
    else:
        words = re.split(r"[- ]", num)
        if words[0] in ("a", "an"):
            if not scale:
                raise _error(text, f"'{num}' needs a scale word such as dozen or hundred")
            value = 1
            approx = scale == "dozen"
        else:
            value = 0
            for w in words:
                value += _TENS.get(w, _UNITS.get(w, 0))
    total = value * mult
    if total != int(total):
        raise _error(text, "a whole number of people")
    if total < 0:
        raise _error(text, "a non-negative number")
    return int(total), approx


def parse_figure(text: str) -> Figure:
    """Parse the words of a figure into an inclusive range.

    Accepts a short phrase such as ``"3,811"``, ``"more than 1,000"``, ``"about 100"``,
    ``"dozens"``, ``"1,000-1,200"``, ``"5.8 thousand"`` or ``"nearly a hundred"`` and returns
    a :class:`Figure` ``(low, high, approximate)`` where ``None`` marks an open bound.
    The rules are in this module's docstring and in data/README.md.

    Raises :class:`~kzlib.KzDataError` if the phrase is empty or not a figure.
    """
    if not isinstance(text, str):
        raise _error(str(text), "text")
    t = _normalise(text)
    if not t:
        raise _error(text, "a non-empty phrase")
    if t.startswith("-"):
        raise _error(text, "a non-negative number")

    qualifier = None
    for kind, words in _QUALIFIERS:
        for w in words:
            if t == w:
                raise _error(text, f"a number after '{w}'")
            if t.startswith(w + " ") or (w == "~" and t.startswith("~")):
                qualifier, t = kind, t[len(w):].strip()
                break
        if qualifier:
            break

    for pattern, (lo, hi) in _VAGUE:
        if pattern.match(t):
            if qualifier:
                raise _error(text, "either a qualifier or a vague plural, not both")
            return Figure(lo, hi, False)

    m = _RANGE.match(t)
    if m:
        a, _ = _to_number(m["a"], m["sa"] or m["sb"], text)
        b, _ = _to_number(m["b"], m["sb"], text)
        if qualifier:
            raise _error(text, "a range without a qualifier")
        if a > b:
            raise _error(text, "a range whose first number is not larger than its second")
        return Figure(a, b, False)

    m = _QUANTITY.match(t)
    if not m or (m.end() < len(t) and t[m.end()].isalnum()):
        raise _error(text, "a number, a range, or a vague word such as 'dozens'")
    n, implied = _to_number(m["num"], m["scale"], text)
    rest = t[m.end():].strip()
    if rest and not re.fullmatch(r"[a-z\s'’\"()/.,;-]*", rest):
        raise _error(text, "only words after the figure")
    if qualifier == "gt":
        return Figure(n + 1, None, False)
    if qualifier == "ge":
        return Figure(n, None, False)
    if qualifier == "le":
        return Figure(None, n, False)
    if qualifier == "lt":
        if n == 0:
            raise _error(text, "a positive number after 'fewer than'")
        return Figure(None, n - 1, False)
    return Figure(n, n, qualifier == "approx" or implied)
