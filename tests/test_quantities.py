"""parse_figure: the one rule that turns a source's words into a numeric range."""
import pytest

from kzlib import KzDataError, parse_figure
from kzlib.quantities import Figure

CASES = [
    ("3,811", Figure(3811, 3811, False)),
    ("9,900", Figure(9900, 9900, False)),
    ("26", Figure(26, 26, False)),
    ("eight", Figure(8, 8, False)),
    ("twenty-six", Figure(26, 26, False)),
    ("more than 200", Figure(201, None, False)),
    ("more than 1,000", Figure(1001, None, False)),
    ("over 3,800", Figure(3801, None, False)),
    ("More than 3,800 people", Figure(3801, None, False)),
    ("at least 10", Figure(10, None, False)),
    ("about 100", Figure(100, 100, True)),
    ("nearly a hundred", Figure(100, 100, True)),
    ("around 6,000", Figure(6000, 6000, True)),
    ("~400", Figure(400, 400, True)),
    ("up to 6,000", Figure(None, 6000, False)),
    ("fewer than 50", Figure(None, 49, False)),
    ("dozens", Figure(24, 99, False)),
    ("several dozen", Figure(24, 99, False)),
    ("hundreds", Figure(200, 999, False)),
    ("several hundred", Figure(200, 999, False)),
    ("thousands", Figure(2000, 9999, False)),
    ("tens of thousands", Figure(20000, 99999, False)),
    ("1,000-1,200", Figure(1000, 1200, False)),
    ("1,000–1,200", Figure(1000, 1200, False)),
    ("between 300 and 400", Figure(300, 400, False)),
    ("5.8 thousand", Figure(5800, 5800, False)),
    ("a dozen", Figure(12, 12, True)),
    ("1 000", Figure(1000, 1000, False)),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0] for c in CASES])
def test_parse_figure_hand_checked(text, expected):
    assert parse_figure(text) == expected


REJECTS = [
    ("", "a non-empty phrase"),
    ("   ", "a non-empty phrase"),
    ("abc", "a number, a range, or a vague word such as 'dozens'"),
    ("hundreds of thousands", "a number, a range, or a vague word such as 'dozens'"),
    ("-5", "a non-negative number"),
    ("2.5", "a whole number of people"),
    ("more than dozens", "either a qualifier or a vague plural, not both"),
    ("more than", "a number after 'more than'"),
    ("400-300", "a range whose first number is not larger than its second"),
    ("about 1,000-2,000", "a range without a qualifier"),
    ("a", "'a' needs a scale word such as dozen or hundred"),
    ("fewer than 0", "a positive number after 'fewer than'"),
    ("5 apples!", "only words after the figure"),
]


@pytest.mark.parametrize("text,why", REJECTS, ids=[r[0] or "empty" for r in REJECTS])
def test_parse_figure_rejects_and_says_why(text, why):
    with pytest.raises(KzDataError) as e:
        parse_figure(text)
    (p,) = e.value.problems
    # the problem names the phrase exactly as given (not normalised) and the rule it broke
    assert (p.file, p.row, p.column, p.value, p.expected) == ("<figure text>", None, None, text,
                                                              f"a figure phrase ({why})")


def test_parse_figure_rejects_non_text():
    with pytest.raises(KzDataError) as e:
        parse_figure(12)  # type: ignore[arg-type]
    assert (e.value.problems[0].value, e.value.problems[0].expected) == ("12", "a figure phrase (text)")
