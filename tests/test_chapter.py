"""The chapter toolkit: what a notebook glues into its prose does not depend on float noise."""
from __future__ import annotations

import myst_nb
import numpy as np
import pytest

from hzlib import chapter


@pytest.fixture
def glued(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    found: dict[str, object] = {}
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display: found.__setitem__(name, value))
    return found


def test_a_glued_float_is_the_same_one_ulp_either_side(glued: dict[str, object]) -> None:
    share = 100 / 6
    for name, value in (("below", np.nextafter(share, 0)), ("exact", share), ("above", np.nextafter(share, np.inf))):
        chapter.glue(name, np.float64(value))
    assert glued == {"below": 16.6667, "exact": 16.6667, "above": 16.6667}
    assert all(type(value) is float for value in glued.values())


def test_glue_keeps_integers_and_writes_no_negative_zero(glued: dict[str, object]) -> None:
    chapter.glue("count", np.int64(233))
    chapter.glue("tiny_decline", -0.00001)
    assert glued["count"] == 233 and type(glued["count"]) is int
    assert str(glued["tiny_decline"]) == "0.0"
