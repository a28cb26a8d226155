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


# --- the claims tables of the chapters hold the ledger only: no figure of data/context.csv ----------

def _chapters_with_claims_tables():  # type: ignore[no-untyped-def]
    from hzbook.downloads import shown_sections

    from .support.notebooks import toc_notebooks

    return [(nb, shown_sections(nb)) for nb in toc_notebooks() if shown_sections(nb)]


CHAPTERS = _chapters_with_claims_tables()


@pytest.mark.parametrize(("notebook", "sections"), CHAPTERS, ids=[nb.name for nb, _ in CHAPTERS])
def test_no_context_figure_appears_in_a_chapters_claims_table(notebook, sections) -> None:  # type: ignore[no-untyped-def]
    """The table `claims_table(SECTION)` builds, and the one stored in the notebook, hold no context_id and no
    context figure (period, unit and value) but the documented coincidences of different indicators."""
    import json

    import hzlib

    from .test_context import COINCIDENCES

    context = hzlib.context()
    ids = set(context["context_id"])
    figures = {(p, u, round(v, 9)): cid for cid, p, u, v in context[["context_id", "period", "unit", "value"]].itertuples(index=False)}
    ledger = hzlib.claims().set_index("claim_id")
    for section in sections:
        table = chapter.section_claims(section)
        assert not set(table["claim_id"]) & ids, f"{notebook.name}: a context id in the claims table of {section}"
        for row in table.itertuples():
            cid = figures.get((row.period, row.unit, round(row.value, 9)))
            assert cid is None or row.claim_id in COINCIDENCES.get(cid, set()), (
                f"{notebook.name}: {row.claim_id} in the claims table of {section} has the figure of {cid}")
            assert ledger.loc[row.claim_id, "value"] == row.value
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    stored = [c for c in cells if c["cell_type"] == "code" and "claims_table(" in "".join(c["source"])]
    assert stored, f"{notebook.name}: no cell shows the claims table"
    for cell in stored:
        text = json.dumps(cell.get("outputs", []), ensure_ascii=False)
        assert "ctx." not in text, f"{notebook.name}: a context id in the stored claims table"


def test_context_table_names_each_figure_s_source_and_refuses_unknown_ids() -> None:
    table = chapter.context_table("ctx.haizhu.2019.gdp.level", "ctx.haizhu.2020.budget_revenue.level")
    assert list(table["value"]) == [1935.12, 51.55]
    assert table["source_url"].str.startswith("http").all() and (table["source_publisher"] != "").all()
    assert chapter.context_values("ctx.haizhu.2020.gdp.growth").tolist() == [2.8]
    with pytest.raises(KeyError, match="not context ids of data/context.csv: ctx.haizhu.2019.gdp.levels"):
        chapter.context_table("ctx.haizhu.2019.gdp.levels")


def test_a_chart_source_line_is_one_short_line_naming_context_sources_and_refuses_mixed_bases() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from hzlib import plot

    fig = plt.figure()
    plot.source_line(fig, "1.1", ["2019.services.modern.level"], context_ids=["ctx.haizhu.2019.gdp.level"])
    text = fig.texts[-1].get_text()
    assert text == "Source: 海珠区发展和改革局, 2020-09-09, §1.1; not from the report: 海珠区人民政府办公室, 2020-09-11"
    with pytest.raises(plot.MixedBasesError, match="nominal: ctx.haizhu.2019.gdp.level; real: 2019.economy.gdp.growth"):
        plot.source_line(fig, "1.1", ["2019.economy.gdp.growth"], context_ids=["ctx.haizhu.2019.gdp.level"])
    plt.close(fig)
    with pytest.raises(ValueError, match="one line of at most 40 characters"):
        plot.source_line(fig, "1.1 and every other section of the report", ["2019.services.modern.level"], width=40)
