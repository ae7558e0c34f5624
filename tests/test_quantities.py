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


@pytest.mark.parametrize("text", ["", "   ", "abc", "-5", "2.5", "more than dozens",
                                  "hundreds of thousands", "more than", "400-300", "a"])
def test_parse_figure_rejects(text):
    with pytest.raises(KzDataError) as e:
        parse_figure(text)
    assert "expected a figure phrase" in str(e.value)


def test_parse_figure_rejects_non_text():
    with pytest.raises(KzDataError):
        parse_figure(12)  # type: ignore[arg-type]
