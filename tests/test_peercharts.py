"""The self-vs-peers radar: its two lines, spreads only where a side has one, hover text that
says each value's basis, and the results page's Radar widget taking it as it takes the team's."""

from __future__ import annotations

import re

import pytest

from sendreflect import charts, peercharts, peerstats
from sendreflect.frameworks import Framework, get_framework
from tests.peerdata import DIMS, compare, frames

SELF, PEERS = "Our self-evaluation", "Peer reviewers"
SELF_SPREAD = "Our spread (lowest to highest)"
PEER_SPREAD = "Peer reviewers' spread (lowest to highest)"


@pytest.fixture(scope="module")
def framework() -> Framework:
    return get_framework("national_college")


@pytest.fixture(scope="module")
def table(framework):
    """The school placed itself on every dimension (three or more each); its two reviewers
    agreed 4 on values and 2 on teaching, and placed it on nothing else."""
    mine = frames(
        {"values": [2, 3, 4], "teaching": [3, 3, 4, 4], **{d: [3, 3, 3] for d in DIMS[2:]}}
    )
    theirs = frames({"values": [3, 5], "teaching": [2, 2]}, agreed={"values": 4, "teaching": 2})
    return compare(framework, mine, theirs)


def named(figure, name):
    return next(t for t in figure.data if t.name == name)


def test_two_lines_and_the_spread_of_the_side_that_has_one(table, framework):
    figure = peercharts.self_peer_radar(table, framework)
    assert [t.name for t in figure.data] == [SELF_SPREAD, SELF, PEERS]
    mine, peers = named(figure, SELF), named(figure, PEERS)
    assert list(mine.r) == [3, 3.5, 3, 3, 3, 3]  # closed: the first point again at the end
    assert list(peers.r) == [4, 2, None, None, None, 4]
    labels = [t.replace("<br>", " ") for t in mine.theta[:-1]]
    assert labels == [d.title for d in framework.dimensions]
    # it reads without colour: solid with circles against dashed with diamonds
    assert (mine.line.dash, mine.marker.symbol) == ("solid", "circle")
    assert (peers.line.dash, peers.marker.symbol) == ("dash", "diamond")
    assert mine.line.color != peers.line.color
    assert tuple(figure.layout.polar.radialaxis.range) == (0.5, 5.5)


def palette(colour: str) -> bool:
    if colour.upper() in charts.PALETTE:
        return True
    red, green, blue = (int(x) for x in re.findall(r"\d+", colour)[:3])
    return f"#{red:02X}{green:02X}{blue:02X}" in charts.PALETTE


def test_every_colour_is_from_the_colour_blind_safe_palette(framework):
    mine = frames({d: [2, 3, 4] for d in DIMS})
    figure = peercharts.self_peer_radar(compare(framework, mine, mine), framework)
    assert [t.name for t in figure.data] == [SELF_SPREAD, PEER_SPREAD, SELF, PEERS]
    used = [t.line.color for t in figure.data] + [t.fillcolor for t in figure.data[:2]]
    used += [t.marker.color for t in figure.data if t.marker.color]
    assert all(palette(c) for c in used), used
    assert named(figure, PEER_SPREAD).line.dash == "dot"  # its edge differs without colour too


def test_hover_text_says_the_basis_and_the_gap(table, framework):
    figure = peercharts.self_peer_radar(table, framework)
    mine, peers = named(figure, SELF).text, named(figure, PEERS).text
    assert mine[0] == f"{SELF}<br>Values: 3 (median of 3, range 2 to 4)"
    assert peers[0] == f"{PEERS}<br>Values: 4 (agreed)<br>Gap from our view: +1"
    assert peers[1].endswith("2 (agreed)<br>Gap from our view: −1.5")
    assert peers[2] == f"{PEERS}<br>Resources for support: not placed"


def test_a_spread_is_shaded_only_where_there_is_one(framework):
    """values and teaching have a spread (three people), resources and services do not (two),
    roles alone has one: a band between values and teaching, a line on roles, nothing else."""
    mine = frames(
        {"values": [2, 3, 4], "teaching": [3, 4, 5], "resources": [1, 5], "roles": [2, 2, 4]}
    )
    table = compare(framework, mine, frames({}))
    spread = named(peercharts.self_peer_radar(table, framework), SELF_SPREAD)
    titles = {charts.wrap_title(d.title): d.id for d in framework.dimensions}
    points = [(titles[t], r) for t, r in zip(spread.theta, spread.r, strict=True) if r is not None]
    assert points == [
        ("values", 4),  # the band from values' highest round to teaching's and back by the lowest
        ("teaching", 5),
        ("teaching", 3),
        ("values", 2),
        ("values", 4),
        ("roles", 2),  # roles alone: its lowest to its highest
        ("roles", 4),
    ]
    assert list(spread.r).count(None) == 2  # each shape apart from the next
    assert spread.fill == "toself" and spread.hoverinfo == "skip"


def test_two_people_draw_no_spread_and_no_median(framework):
    pair = frames({d: [1, 5] for d in DIMS})
    figure = peercharts.self_peer_radar(compare(framework, pair, pair), framework)
    assert [t.name for t in figure.data] == [SELF, PEERS]
    assert all(r is None for t in figure.data for r in t.r)


def test_the_results_pages_radar_shows_it_with_its_table(table, framework):
    from sendreflect.app.radar import Radar

    words = peerstats.self_peer_table(table, framework)
    radar = Radar(peercharts.self_peer_radar(table, framework), words, "Self and peers")
    assert [t.name for t in radar.chart.data] == [SELF_SPREAD, SELF, PEERS]
    assert "Self (basis)" in radar.table.value and "4 (agreed)" in radar.table.value
    radar._resize({"new": 390})  # a phone: the labels are wrapped again, every trace's too
    assert all(
        t.theta[0] == radar.chart.layout.polar.angularaxis.categoryarray[0]
        for t in radar.chart.data
    )
    later = table.assign(peer_median=table["peer_median"].fillna(1))
    radar.show(peercharts.self_peer_radar(later, framework), words)
    assert list(named(radar.chart, PEERS).r) == [4, 2, 1, 1, 1, 4]
