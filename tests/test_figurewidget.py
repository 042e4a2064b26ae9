"""A chart widget carries plotly's browser code only where the server does not serve it."""

from __future__ import annotations

from collections.abc import Iterator

import plotly.graph_objects as go
import pytest

from sendreflect.app import figurewidget
from sendreflect.app.figurewidget import SERVED, figure_widget, preload, widget_class

SERVED_AT = "/sendreflect/plotly/widgetbundle.js?v=7"


@pytest.fixture
def fresh_class() -> Iterator[None]:
    widget_class.cache_clear()
    yield
    widget_class.cache_clear()


def test_without_the_server_a_chart_is_plotly_s_own_widget(monkeypatch, fresh_class) -> None:
    monkeypatch.delenv(SERVED, raising=False)
    chart = figure_widget(go.Figure(go.Scatterpolar(r=[1, 2], theta=["a", "b"])))
    assert widget_class() is go.FigureWidget and isinstance(chart, go.FigureWidget)
    assert len(chart._esm) > 1_000_000  # plotly's whole widget code, as JupyterLab needs
    assert preload().path == ""
    chart.close()


def test_under_the_server_a_chart_imports_the_served_code(monkeypatch, fresh_class) -> None:
    monkeypatch.setenv(SERVED, SERVED_AT)
    chart = figure_widget(go.Figure(go.Scatterpolar(r=[1, 2], theta=["a", "b"])))
    assert isinstance(chart, go.FigureWidget)
    state = chart.get_state()
    assert len(state["_esm"]) < 500, "the chart still carries plotly's code"
    assert f'new URL("{SERVED_AT}", document.baseURI)' in state["_esm"]
    assert "export default" in state["_esm"]
    assert chart.data[0].r == (1, 2)
    chart.close()
    assert widget_class() is widget_class()  # one class a kernel: the browser imports once


def test_the_preload_imports_the_served_code_when_the_page_is_idle(monkeypatch) -> None:
    monkeypatch.setenv(SERVED, SERVED_AT)
    widget = preload()
    assert widget.get_state()["path"] == SERVED_AT
    assert "requestIdleCallback" in widget._esm and "import(new URL(path" in widget._esm
    assert figurewidget.served_path() == SERVED_AT
