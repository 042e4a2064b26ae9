"""Pieces both apps share: the page's request, the "Saved" indicator (with the page's watch on its
connection), saving text after a pause, escaped HTML and the stylesheet.

Widgets here are plain ipywidgets; they work the same in Voila, in JupyterLab and in a test that
builds them in plain Python, sets ``.value`` and calls ``.click()``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import json
import os
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any
from urllib.parse import parse_qs, urlencode

import ipywidgets as w

from sendreflect.app.connection import Connection
from sendreflect.frameworks import Framework, FrameworkError, ItemList
from sendreflect.responses import TEAM, AnswerError, Kind
from sendreflect.store import Store, StoreError, StoreFailure

TEXT_PAUSE = 0.8
"""Seconds of no typing after which a note is saved."""

PROBLEMS = (StoreError, AnswerError, FrameworkError)

UNSAVED = (
    " Nothing changed since the last 'Saved' was stored; what you typed is still on this page, "
    "so keep it open and change it again once the problem is put right."
)
"""Said after a database failure, so no one reloads the page and loses their typing."""

ONCE = {"continuous_update": False}
"""For a form's text fields, read when a button is pressed: send the value once, when the field
is left, not at every keystroke. Keystroke messages are throttled per widget in the browser, so
the button's click could reach the kernel before the last letters typed (a join as "Junipe")."""


def esc(text: object) -> str:
    """Free text made safe to put inside HTML."""
    return html.escape(str(text), quote=True)


def paragraphs(text: str) -> str:
    """Escaped text with its blank-line-separated paragraphs as ``<p>`` elements."""
    return "".join(f"<p>{esc(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


@dataclass(frozen=True)
class Request:
    """What the page was opened with: its query string and where the server is."""

    query: dict[str, str]
    server: str
    path: str

    def link(self, notebook: str, **params: str) -> str:
        """A link to another notebook on the same server, carrying the access token if any."""
        if token := self.query.get("token"):
            params = {**params, "token": token}
        folder = self.path.rsplit("/", 1)[0]
        return f"{self.server}{folder}/{notebook}?{urlencode(params)}"


def wait_for_request(patience: float = 120) -> None:
    """In a preheated kernel, wait until Voila gives this kernel to a page, then put the page's
    request (query string, server, path) into the environment.

    This is what ``voila.utils.wait_for_request`` does, without importing Jupyter's server side
    into every kernel (about 40 MiB each). Outside a preheated kernel it returns at once. A kernel
    is preheated while the server is busy (starting other kernels, serving a room that joins at
    once), so a slow or refused connection is tried again for up to ``patience`` seconds; Voila
    keeps a request that arrives first until the kernel connects. When the server has a token
    (``SENDREFLECT_TOKEN``, set by ``sendreflect.voila_app``) it is sent, as that socket asks.
    """
    if os.environ.get("VOILA_PREHEAT", "False") == "False":
        return
    from websockets.exceptions import WebSocketException
    from websockets.sync.client import connect

    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    address = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    kernel = os.environ.get("VOILA_KERNEL_ID", "")
    url = f"{protocol}://{address}:{port}{base}voila/query/{kernel}"
    token = os.environ.get("SENDREFLECT_TOKEN", "")  # the server's, which this socket asks for
    headers = {"Authorization": f"token {token}"} if token else None
    deadline = time.monotonic() + patience
    while True:
        try:
            with connect(url, open_timeout=10, additional_headers=headers) as socket:
                info = socket.recv()
            break
        except (TimeoutError, OSError, WebSocketException) as exc:
            if time.monotonic() >= deadline:
                warnings.warn(f"could not read the page's request from {url}: {exc}", stacklevel=2)
                return
            time.sleep(1)
    for name, value in json.loads(info).items():
        os.environ[name] = value


def current_request() -> Request:
    """The request that opened this page (in Voila), read after the preheated kernel is claimed.

    Outside Voila (JupyterLab, tests) the query is empty and links point at a local server.
    """
    wait_for_request()
    raw = os.environ.get("QUERY_STRING", "")
    query = {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}
    name = os.environ.get("SERVER_NAME", "localhost")
    port = os.environ.get("SERVER_PORT", "")
    server = os.environ.get("SENDREFLECT_PUBLIC_URL") or f"http://{name}" + (
        f":{port}" if port else ""
    )
    path = os.environ.get("SCRIPT_NAME", "/voila/render/participant.ipynb")
    return Request(query=query, server=server.rstrip("/"), path=path)


def stylesheet() -> w.HTML:
    """The app's stylesheet, as a widget that applies it to the page."""
    css = files("sendreflect.app").joinpath("style.css").read_text(encoding="utf-8")
    return w.HTML(f"<style>{css}</style>", layout=w.Layout(display="none"))


class SaveStatus:
    """The "Saved" indicator: one per page, announced politely to screen readers.

    Its ``connection`` (put it on the page once) takes "Saved" back in the browser when the
    kernel is gone, and keeps the typing of the note boxes that have a draft key (``notes``).
    """

    def __init__(self) -> None:
        self.widget = w.HTML(layout=w.Layout(min_height="1.6em"))
        self.widget.add_class("sr-status")
        self.state = "idle"
        self.listeners: list[Callable[[], Any]] = []
        """Called after every successful save (e.g. to refresh a download link)."""
        self.connection = Connection(layout=w.Layout(display="none"))
        self.notes: dict[str, Note] = {}
        """The note boxes on the page, by draft key."""
        self.waiting: dict[str, Callable[[], Any]] = {}
        """What to do with a kept draft once its note box is built, by draft key."""
        self.show("idle")

    def show(self, state: str, message: str = "") -> None:
        self.state = state
        text = {
            "idle": "Your answers are saved as you go.",
            "saving": "Saving…",
            "saved": f"Saved at {dt.datetime.now().strftime('%H:%M:%S')}",
            "error": f"Not saved: {message}",
            "problem": message,
            "restored": message,
        }[state]
        icon = {"saved": "✓ ", "error": "⚠ ", "problem": "⚠ ", "restored": "✓ "}.get(state, "")
        self.widget.value = (
            f'<div role="status" aria-live="polite" class="sr-status-{state}">'
            f"{icon}{esc(text)}</div>"
        )

    def run(self, save: Callable[[], Any]) -> bool:
        """Run one save, showing its outcome; returns whether it succeeded."""
        self.show("saving")
        try:
            save()
        except PROBLEMS as exc:
            self.show("error", str(exc) + (UNSAVED if isinstance(exc, StoreFailure) else ""))
            return False
        self.show("saved")
        for listener in self.listeners:
            listener()
        return True

    def save_note(self, key: str, save: Callable[[str], Any], text: str) -> bool:
        """Save a note's text as ``run`` does; once saved, the browser may drop its draft."""
        if not self.run(lambda: save(text)):
            return False
        if key:
            self.connection.confirm(key, text)
        return True


class Debounced:
    """Calls ``action`` once typing has paused for ``delay`` seconds (at once outside a loop)."""

    def __init__(self, action: Callable[[], Any], delay: float = TEXT_PAUSE) -> None:
        self.action = action
        self.delay = delay
        self._handle: asyncio.TimerHandle | None = None

    def __call__(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.action()
            return
        self._handle = loop.call_later(self.delay, self.flush)

    def flush(self) -> None:
        """Run a pending call now."""
        self._handle = None
        self.action()


@dataclass(eq=False)
class Note:
    """A note box on the page and how its text is saved."""

    box: w.Textarea
    save: Callable[[str], Any]
    quiet: bool = field(default=False)

    def show(self, text: str) -> None:
        """Put ``text`` in the box without saving it."""
        self.quiet = True
        try:
            self.box.value = text
        finally:
            self.quiet = False


def note_box(
    label: str,
    value: str,
    on_save: Callable[[str], Any],
    status: SaveStatus,
    *,
    placeholder: str = "",
    rows: int = 3,
    key: str = "",
) -> w.Textarea:
    """A labelled text box whose text is saved after a pause in typing.

    With a ``key`` (stable for this note of this person, e.g. ``"reflection/<framework>/<item>"``)
    the browser keeps what is typed until it is saved, and a kept draft not yet saved is shown.
    """
    box = w.Textarea(
        value=value,
        description=label,
        placeholder=placeholder,
        rows=rows,
        continuous_update=True,
        layout=w.Layout(width="100%"),
        style={"description_width": "initial"},
    )
    box.add_class("sr-note")
    note = Note(box, on_save)
    if key:
        box.add_class(f"sr-draft-{key}")
        status.notes[key] = note
    save = Debounced(lambda: status.save_note(key, on_save, box.value))
    box.observe(lambda _change: None if note.quiet else save(), names="value")
    if key in status.waiting:
        status.waiting.pop(key)()
    return box


def heading(text: str, level: int = 2) -> w.HTML:
    return w.HTML(f"<h{level}>{esc(text)}</h{level}>")


def message(text: str, kind: str = "info") -> str:
    """A message box's HTML: ``info``, ``error`` or ``success``."""
    role = "alert" if kind == "error" else "status"
    if "." not in text.split(" ", 1)[0]:  # a sentence, not a file's name such as notes.json
        text = text[:1].upper() + text[1:]
    return f'<div class="sr-message sr-{kind}" role="{role}">{esc(text)}</div>'


def quoted_list(quoted: ItemList) -> w.HTML:
    """A list quoted from the source (what a commitment to inclusion can mean, what successful
    schools do…), shown with the sentence that leads into it."""
    bullets = "".join(f"<li>{esc(item)}</li>" for item in quoted.items)
    return w.HTML(f'<div class="sr-list"><p>{esc(quoted.lead)}</p><ul>{bullets}</ul></div>')


def toggle_example(title: str, text: str) -> w.VBox:
    """A button that shows or hides an example from a real school."""
    body = w.HTML(f'<div class="sr-example">{paragraphs(text)}</div>')
    body.layout.display = "none"
    button = w.Button(description=f"Show {title}", icon="book", tooltip=f"Show {title}")
    button.add_class("sr-link-button")

    def flip(_button: w.Button) -> None:
        hidden = body.layout.display == "none"
        body.layout.display = None if hidden else "none"
        button.description = f"{'Hide' if hidden else 'Show'} {title}"
        button.tooltip = button.description

    button.on_click(flip)
    return w.VBox([button, body])


class TeamForm:
    """Base of the forms whose answers are the team's (agreed positions, the action plan): where
    they are saved, and who is recorded as giving them."""

    def __init__(
        self,
        store: Store,
        code: str,
        framework: Framework,
        status: SaveStatus,
        *,
        by: str = "facilitator",
    ) -> None:
        self.store = store
        self.code = code
        self.framework = framework
        self.status = status
        self.by = by

    def save_team(self, kind: Kind, item_id: str, value: Any) -> None:
        """Save one of the team's answers now (raises what ``Store.save`` raises)."""
        self.store.save(self.code, TEAM, kind, self.framework.id, item_id, value, by=self.by)
