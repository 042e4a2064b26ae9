"""A chart draws a plotly figure with sendreflect's own chart code, which it carries only where
the server does not serve it."""

from __future__ import annotations

from collections.abc import Iterator

import plotly.graph_objects as go
import pytest

from sendreflect.app import chart as charting
from sendreflect.app.chart import CODE, SERVED, Chart, chart, chart_class, preload

SERVED_AT = "/sendreflect/static/chart.js?v=0123456789ab"


@pytest.fixture
def fresh_class() -> Iterator[None]:
    chart_class.cache_clear()
    yield
    chart_class.cache_clear()


def polar() -> go.Figure:
    return go.Figure(go.Scatterpolar(r=[1, 2], theta=["a", "b"], name="<b>Ash</b>"))


def test_the_chart_code_is_plotly_s_polar_chart_alone() -> None:
    code = CODE.read_text()
    assert 500_000 < len(code) < 2_000_000, "not the polar chart alone (plotly's whole is 5 MB)"
    assert code.startswith("/* sendreflect's chart code: built from js/chart.js")
    assert "scatterpolar" in code and "export{" in code
    source = (CODE.parents[2] / "js" / "chart.js").read_text()
    for built_from_it in ('"change:spec"', '"change:label"', '"aria-label"', '"figure"'):
        assert built_from_it in source and built_from_it in code, "rebuild it: make chart"


def test_without_the_server_a_chart_carries_the_chart_code(monkeypatch, fresh_class) -> None:
    monkeypatch.delenv(SERVED, raising=False)
    shown = chart(polar(), label="Radar chart")
    assert isinstance(shown, Chart) and shown._esm == CODE.read_text()
    assert preload().path == ""
    shown.close()


def test_under_the_server_a_chart_imports_the_served_code(monkeypatch, fresh_class) -> None:
    monkeypatch.setenv(SERVED, SERVED_AT)
    shown = chart(polar(), label="Radar chart")
    state = shown.get_state()
    assert len(state["_esm"]) < 500, "the chart still carries its code"
    assert f'new URL("{SERVED_AT}", document.baseURI)' in state["_esm"]
    assert "export default" in state["_esm"]
    assert state["label"] == "Radar chart"
    shown.close()
    assert chart_class() is chart_class()  # one class a kernel: the browser imports once


def test_a_chart_sends_its_figure_as_plotly_js_reads_it_and_again_when_changed() -> None:
    figure = polar()
    shown = chart(figure)
    (trace,) = shown.spec["data"]
    assert trace["type"] == "scatterpolar" and trace["r"] == [1, 2]
    assert trace["name"] == "<b>Ash</b>"
    assert shown.data[0].r == (1, 2) and shown.layout is figure.layout
    sent: list[dict] = []
    shown.observe(lambda change: sent.append(change["new"]), names="spec")
    shown.layout.height = 300
    shown.draw()
    assert sent[-1]["layout"]["height"] == 300
    shown.draw(go.Figure(go.Scatterpolar(r=[3], theta=["a"])))
    assert sent[-1]["data"][0]["r"] == [3] and shown.data[0].r == (3,)
    shown.close()


def test_the_preload_imports_the_served_code_when_the_page_is_idle(monkeypatch) -> None:
    monkeypatch.setenv(SERVED, SERVED_AT)
    widget = preload()
    assert widget.get_state()["path"] == SERVED_AT
    assert "requestIdleCallback" in widget._esm and "import(new URL(path" in widget._esm
    assert charting.served_path() == SERVED_AT
