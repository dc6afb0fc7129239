"""analysis.memo: a bounded memo computes each key once and stays within its size."""

from analysis.memo import BoundedMemo, put_bounded


def test_computes_once_and_empties_when_full():
    calls = []

    def square(x: int) -> int:
        calls.append(x)
        return x * x

    memo = BoundedMemo(square, size=3)
    assert [memo[2], memo[2], memo[3]] == [4, 4, 9]
    assert calls == [2, 3]
    memo[4]
    assert len(memo) == 3
    memo[5]  # full: emptied, then filled with the new key
    assert dict(memo) == {5: 25} and calls == [2, 3, 4, 5]
    assert list(map(memo.__getitem__, [5, 6])) == [25, 36]  # as the hot loops call it


def test_put_bounded_stores_and_empties_a_full_cache_first():
    cache = {"a": 1, "b": 2}
    assert put_bounded(cache, "c", 3, size=3) == 3 and cache == {"a": 1, "b": 2, "c": 3}
    assert put_bounded(cache, "d", 4, size=3) == 4 and cache == {"d": 4}
