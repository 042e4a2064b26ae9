"""At the kernel cap a page says the workshop is full and tries again; it never starts one more
kernel, and a kernel culled after its tab closed frees a place."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.security.conftest import pooled_kernels

pytestmark = pytest.mark.browser

FULL = "The workshop is full right now."
CULLED_AFTER = 15
"""Seconds a kernel with no page connected may idle before it is culled (300 as shipped)."""


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_at_the_cap_a_page_says_the_workshop_is_full_until_a_kernel_is_culled(
    voila, chromium
) -> None:
    base, _log = voila(
        max_kernels=pooled_kernels() + 2,  # the preheated kernels count: two pages fit
        extra=(
            f"--MappingKernelManager.cull_idle_timeout={CULLED_AFTER}",
            "--MappingKernelManager.cull_interval=1",
        ),
    )
    participant = f"{base}/voila/render/participant.ipynb?code=DEMO"
    contexts = [chromium.new_context() for _ in range(3)]
    try:
        for context in contexts[:2]:  # two open pages: each keeps its kernel connected
            context.set_default_timeout(90_000)
            page = context.new_page()
            page.goto(participant)
            expect(page.get_by_text("Workshop DEMO")).to_be_visible(timeout=90_000)
        full = contexts[2].new_page()
        response = full.goto(participant)
        assert response is not None and response.status == 503
        assert response.headers["retry-after"] == "60"
        expect(full.get_by_role("heading", name=FULL)).to_be_visible()
        expect(full.get_by_text("This page will try again in a minute.")).to_be_visible()
        assert full.locator("meta[http-equiv=refresh]").get_attribute("content") == "60"
        facilitator = f"{base}/voila/render/facilitator.ipynb?code=DEMO"
        assert status(facilitator) == 503  # the cap is the server's, not one notebook's
        contexts.pop(0).close()  # its kernel, now with no page, is culled
        deadline = time.monotonic() + CULLED_AFTER + 90
        while (answer := status(participant)) == 503 and time.monotonic() < deadline:
            time.sleep(2)
        assert answer == 200
    finally:
        for context in contexts:
            context.close()


def test_a_cap_the_preheated_kernels_fill_is_refused_at_start(serve, tmp_path) -> None:
    pooled = pooled_kernels()
    run = serve(env={"SENDREFLECT_MAX_KERNELS": str(pooled)})
    assert run.lines == []  # no links: serve stopped before the server was up
    assert run.process.wait(timeout=120) == 1
    said = (tmp_path / "serve.log").read_text()
    assert f"SENDREFLECT_MAX_KERNELS is {pooled}" in said
    assert f"set it to at least {pooled + 1}" in said
