import numpy as np
import pytest

from etl.apportion import apportion


@pytest.mark.parametrize(
    ("weights", "total", "caps", "expected"),
    [
        ([1, 1, 1], 10, None, [4, 3, 3]),
        ([0.2, 0.8], 5, None, [1, 4]),
        ([1, 2, 3], 7, [5, 1, 10], [2, 1, 4]),
        ([0, 1], 3, None, [0, 3]),
        ([1, 1], 0, None, [0, 0]),
    ],
)
def test_apportion(weights, total, caps, expected):
    assert apportion(np.array(weights), total, None if caps is None else np.array(caps)).tolist() == expected


def test_apportion_hits_a_large_total_exactly_within_caps():
    rng = np.random.default_rng(1)
    weights = rng.random(2000)
    caps = rng.integers(100, 400, 2000)
    result = apportion(weights, 459_326, caps)
    assert result.sum() == 459_326
    assert (result <= caps).all()


def test_apportion_refuses_an_impossible_total():
    with pytest.raises(AssertionError, match="below the total"):
        apportion(np.array([1.0, 1.0]), 10, np.array([2, 3]))
