"""The Share screen, for the projector: the join code large enough to read from the back of a
room, a large QR code of the participant link and the address people type, and a warning when
that address is one only this computer can open (a server started without ``--host``)."""

from __future__ import annotations

from urllib.parse import urlsplit

import segno

from sendreflect.app.kit import esc

LOOPBACK = ("localhost", "127.0.0.1", "::1")

LOCAL_ONLY = (
    "Only this computer can open this address: phones and other laptops in the room cannot. "
    "Stop the server and start it again with <code>sendreflect serve --host 0.0.0.0</code> "
    "(on a computer on the school's network), which shows an address the room can reach; or "
    "run it on a hosted server. The README's section 'Running it for a room' says how."
)


def only_this_computer(link: str) -> bool:
    """Whether ``link`` points at this computer only (localhost), out of reach of the room."""
    host = (urlsplit(link).hostname or "").strip("[]").lower()
    return host in LOOPBACK or host.startswith("127.")


def share_html(link: str, code: str) -> str:
    """The projected share panel: QR code, the address to type and the join code."""
    qr = segno.make(link, error="m").svg_inline(
        scale=4, omitsize=True, title="QR code of the participant link"
    )
    warning = (
        f'<div class="sr-message sr-warning" role="note">{LOCAL_ONLY}</div>'
        if only_this_computer(link)
        else ""
    )
    return (
        f'{warning}<div class="sr-share">'
        f'<div class="sr-qr" role="img" aria-label="QR code of the participant link">{qr}</div>'
        '<div class="sr-share-words"><p class="sr-share-step">Scan the code with a phone, or open'
        f'</p><p class="sr-link">{esc(link)}</p>'
        '<p class="sr-share-step">On the participant page the join code is</p>'
        f'<p class="sr-join-code">{esc(code)}</p></div></div>'
    )
