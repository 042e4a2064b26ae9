"""Links: the address of a page of the app (a notebook served by Voila) with its query string,
carrying the server's access token when it has one.

This module owns how every link to a page is written, whether the server prints it at start-up
or a page shows it to the room.
"""

from __future__ import annotations

from urllib.parse import urlencode

RENDER = "/voila/render"
"""Where Voila serves the notebooks, under the server's base address."""


def page_link(folder: str, notebook: str, token: str = "", **params: str) -> str:
    """The link to ``notebook`` in ``folder`` (an address ending where the notebooks are), with
    ``params`` and then the ``token``, if any, as its query string."""
    query = {**params, "token": token} if token else params
    return f"{folder.rstrip('/')}/{notebook}?{urlencode(query)}"
