"""The page's connection to its kernel, watched from the browser, and the typing kept there.

``Connection`` is an anywidget with two jobs.

Telling the truth about saving. The browser pings the kernel over the widget's comm every
``PING_EVERY`` seconds; the kernel answers each ping, and while pings keep arriving a small thread
in the kernel also sends a beat every ``BEAT_EVERY`` seconds. When the browser has heard nothing
for ``QUIET_LIMIT`` seconds, or the page's kernel connection is closed or its kernel dead, every
``.sr-status`` on the page and a banner at its top (``role="alert"``) say "Not saved: connection
lost. Reload to carry on." and no "Saved" remains; when the kernel is heard again they go.

The thresholds:

* ``QUIET_LIMIT`` = 1.6 s: a kernel killed (or a server stopped) just after a beat is reported
  within 1.6 s plus the browser's 0.1 s check, inside the 2 s we promise (measured: 1.1-1.7 s).
  A check that runs late because the page itself was busy judges nothing, so the messages that
  arrived meanwhile are read first.
  It is more than three beat intervals, so a beat or two late raises no alarm: on the two-core
  test machine under a load of 11, a kernel busy sending a chart held its beats back 1.85 s at
  worst, and only then did the page cry wolf for a moment.
* The beats come from a thread, so they go on while the kernel's main thread is busy for a moment
  (drawing a chart takes about 1.3 s, longer than a bare ping timeout could allow within 2 s).
  While the main thread answers pings itself, a beat would only repeat a pong just sent, so none
  is sent: a room of 30 pages keeps a third fewer messages going through the server.
* ``KEEP_BEATING`` = 10 s: the thread beats only while pings have been answered in the last
  10 s. The first chart a kernel draws loads much of plotly and took 6.9 s on the two-core test
  machine under load, so a shorter wait would cry wolf. A kernel whose main thread is stuck
  longer cannot save either, so the page then says so (about 11 s after it stuck) and recovers
  when the kernel answers again. A closed tab stops pinging, so its kernel falls silent 10 s
  later and is culled as idle.

Keeping what was typed. Every note box carries a class ``sr-draft-<key>``; the browser keeps the
text of each keystroke in local storage under the page's ``scope`` (workshop code and participant
id) and that key, with the saved text it started from (its base) and a fingerprint of each text
it passed through, until the kernel confirms that exact text was saved (``confirm``). The
fingerprints let the kernel tell a note saved from this very typing (its last words reached the
kernel, but the confirmation never came back) from one changed elsewhere since.

``replay`` sets the scope and asks the browser for what it kept under it; the app decides what to
do with each ``Draft``. Drafts of another scope are never sent, and the kernel ignores any that
claim another scope.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import anywidget
import traitlets

PING_EVERY = 0.5
"""Seconds between the browser's pings."""
BEAT_EVERY = 0.5
"""Seconds between the kernel thread's beats."""
QUIET_LIMIT = 1.6
"""Seconds of hearing nothing from the kernel after which the page says the connection is lost."""
FIRST_WAIT = 10.0
"""Seconds a page that has never heard its kernel waits before saying so (it may be starting)."""
KEEP_BEATING = 10.0
"""Seconds after the last answered ping that the kernel thread goes on beating."""
SEEN_MAX = 2000
"""How many fingerprints of a draft's earlier texts the browser keeps."""
LOST = "Not saved: connection lost. Reload to carry on."
KEY = re.compile(r"^[A-Za-z0-9_.\-/]{1,200}$")
"""What a note's draft key may hold (it becomes part of a CSS class)."""


@dataclass(frozen=True)
class Draft:
    """Text typed into the note ``key`` that the kernel had not confirmed as saved, the saved
    text it was typed over, and the fingerprints of the texts it passed through on the way."""

    key: str
    text: str
    base: str
    seen: frozenset[str] = frozenset()

    def grew_from(self, saved: str) -> bool:
        """Whether ``saved`` is the text this draft was typed over, or one it passed through."""
        return saved == self.base or fingerprint(saved) in self.seen


def fingerprint(text: str) -> str:
    """32-bit FNV-1a of the text's UTF-16 code units, in hex: ``FINGERPRINT_JS`` in Python."""
    value = 0x811C9DC5
    data = text.encode("utf-16-le")
    for index in range(0, len(data), 2):
        value ^= data[index] | data[index + 1] << 8
        value = (value * 0x01000193) & 0xFFFFFFFF
    return format(value, "x")


FINGERPRINT_JS = """function fingerprint(text) {
  let value = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    value = Math.imul(value ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  return value.toString(16);
}
"""

_SETTINGS = (
    f"const PING_EVERY = {PING_EVERY * 1000:.0f}, QUIET_LIMIT = {QUIET_LIMIT * 1000:.0f}, "
    f"FIRST_WAIT = {FIRST_WAIT * 1000:.0f}, SEEN_MAX = {SEEN_MAX};\n"
    f"const LOST = {json.dumps(LOST)};\n{FINGERPRINT_JS}"
)
_ESM = _SETTINGS + (
    """const DEAD = ["dead", "restarting", "autorestarting", "terminating"];

const store = (scope) => "sendreflect:drafts:" + scope;
function readDrafts(scope) {
  try { return JSON.parse(window.localStorage.getItem(store(scope)) || "{}") || {}; }
  catch (e) { return {}; }
}
function writeDrafts(scope, drafts) {
  try {
    if (Object.keys(drafts).length) {
      window.localStorage.setItem(store(scope), JSON.stringify(drafts));
    } else { window.localStorage.removeItem(store(scope)); }
  } catch (e) {}
}
function noteKey(target) {
  const note = target && target.closest ? target.closest(".sr-note") : null;
  if (!note) { return null; }
  for (const name of note.classList) {
    if (name.startsWith("sr-draft-")) { return name.slice("sr-draft-".length); }
  }
  return null;
}

function showLost(lost) {
  document.body.classList.toggle("sr-connection-lost", lost);
  let banner = document.getElementById("sr-connection-banner");
  if (lost && !banner) {
    banner = document.createElement("div");
    banner.id = "sr-connection-banner";
    banner.className = "sr-connection-banner";
    banner.setAttribute("role", "alert");
    const text = document.createElement("span");
    text.textContent = "⚠ " + LOST;
    const again = document.createElement("button");
    again.type = "button";
    again.textContent = "Reload";
    again.addEventListener("click", () => window.location.reload());
    banner.append(text, " ", again);
    const app = document.querySelector(".sr-app");
    (app || document.body).prepend(banner);
  } else if (!lost && banner) { banner.remove(); }
  for (const status of document.querySelectorAll(".sr-status")) {
    const content = status.querySelector(".widget-html-content") || status;
    const marked = content.querySelector(".sr-status-lost");
    if (lost && !marked) {
      status.srKept = content.innerHTML;
      content.innerHTML = "";
      const note = document.createElement("div");
      note.className = "sr-status-lost sr-status-error";
      note.setAttribute("role", "status");
      note.setAttribute("aria-live", "polite");
      note.textContent = "⚠ " + LOST;
      content.append(note);
    } else if (!lost && marked) {
      content.innerHTML = status.srKept || "";
    }
  }
}

function initialize({ model, signal }) {
  const known = {};
  const focused = new WeakMap();
  let heard = 0, lastPing = 0, lastTick = Date.now(), n = 0, lost = false;
  const started = Date.now();

  const sendDrafts = () => {
    const scope = model.get("scope");
    if (!scope) { return; }
    const drafts = readDrafts(scope);
    const list = Object.entries(drafts).map(
      ([key, d]) => ({ key, text: d.text, base: d.base, seen: d.seen || [] }));
    if (list.length) { model.send({ type: "drafts", scope, drafts: list }); }
  };
  const onSaved = (msg) => {
    if (msg.scope !== model.get("scope")) { return; }
    known[msg.key] = msg.text;
    const drafts = readDrafts(msg.scope);
    const draft = drafts[msg.key];
    if (!draft) { return; }
    if (draft.text === msg.text) { delete drafts[msg.key]; }
    else { draft.base = msg.text; }
    writeDrafts(msg.scope, drafts);
  };
  const onMessage = (msg) => {
    if (!msg || typeof msg !== "object") { return; }
    if (msg.type === "pong" || msg.type === "beat") { heard = Date.now(); }
    else if (msg.type === "saved") { onSaved(msg); }
    else if (msg.type === "replay" && msg.scope === model.get("scope")) { sendDrafts(); }
  };
  const onFocus = (event) => {
    const key = noteKey(event.target);
    if (key && !focused.has(event.target)) { focused.set(event.target, event.target.value); }
  };
  const onInput = (event) => {
    const key = noteKey(event.target);
    const scope = model.get("scope");
    if (!key || !scope) { return; }
    const drafts = readDrafts(scope);
    const old = drafts[key];
    const base = old ? old.base : (key in known ? known[key] : (focused.get(event.target) ?? ""));
    const text = event.target.value;
    const seen = [...((old && old.seen) || []), fingerprint(text)].slice(-SEEN_MAX);
    drafts[key] = { text, base, seen, at: Date.now() };
    writeDrafts(scope, drafts);
  };
  const tick = () => {
    const now = Date.now();
    if (now - lastPing >= PING_EVERY) {
      lastPing = now;
      try { model.send({ type: "ping", n: ++n }); } catch (e) {}
    }
    const stalled = now - lastTick > 500;  // this page was busy: read what arrived meanwhile first
    lastTick = now;
    if (stalled) { return; }
    const kernel = model.widget_manager && model.widget_manager.kernel;
    const closed = Boolean(heard) && Boolean(kernel) && (kernel.isDisposed
      || kernel.connectionStatus !== "connected" || DEAD.includes(kernel.status));
    const quiet = heard ? now - heard > QUIET_LIMIT : now - started > FIRST_WAIT;
    lost = closed || quiet;
    if (lost || document.querySelector("#sr-connection-banner, .sr-status-lost")) {
      showLost(lost);
    }
  };

  model.on("msg:custom", onMessage);
  document.addEventListener("focusin", onFocus, true);
  document.addEventListener("input", onInput, true);
  const timer = setInterval(tick, 100);
  sendDrafts();
  const stop = () => {
    clearInterval(timer);
    document.removeEventListener("focusin", onFocus, true);
    document.removeEventListener("input", onInput, true);
  };
  if (signal) { signal.addEventListener("abort", stop); }
  return stop;
}

export default { initialize };
"""
)


class Connection(anywidget.AnyWidget):
    """Watches the page's connection to this kernel and keeps unsaved typing in the browser.

    Put it once on a page (it shows nothing until the connection is lost).
    """

    _esm = _ESM
    scope = traitlets.Unicode("").tag(sync=True)
    """Whose drafts this page keeps: ``"<workshop code>/<participant id>"``, or empty."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._restore: Callable[[list[Draft]], Any] | None = None
        self._answered = 0.0
        self._beating: threading.Thread | None = None
        self.on_msg(self._received)

    def replay(self, scope: str, restore: Callable[[list[Draft]], Any]) -> None:
        """From now on keep this page's typing under ``scope``, and ask the browser for what it
        kept there: ``restore`` is called with those drafts (not at all if there are none)."""
        self._restore = restore
        self.scope = scope
        self.send({"type": "replay", "scope": scope})

    def confirm(self, key: str, text: str) -> None:
        """Tell the browser the note ``key`` was saved holding exactly ``text``."""
        if self.scope:
            self.send({"type": "saved", "scope": self.scope, "key": key, "text": text})

    def _received(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict):
            return
        if content.get("type") == "ping":
            self._answered = time.monotonic()
            self.send({"type": "pong", "n": content.get("n")})
            self._beat()
        elif content.get("type") == "drafts" and content.get("scope") == self.scope:
            drafts = parse_drafts(content.get("drafts"))
            if drafts and self._restore is not None and self.scope:
                self._restore(drafts)

    def _beat(self) -> None:
        """Start the thread that beats while pings keep coming (once)."""
        if self._beating is not None and self._beating.is_alive():
            return
        self._beating = threading.Thread(target=self._beat_loop, name="sr-beat", daemon=True)
        self._beating.start()

    def _beat_loop(self) -> None:
        while self.comm is not None and time.monotonic() - self._answered < KEEP_BEATING:
            time.sleep(BEAT_EVERY)
            if time.monotonic() - self._answered < BEAT_EVERY:
                continue  # a pong has just gone: the browser heard the kernel without a beat
            try:
                self.send({"type": "beat"})
            except Exception:  # the kernel is shutting down: nobody is listening
                return


def parse_drafts(raw: object) -> list[Draft]:
    """The well-formed drafts in what a browser sent (anything else is dropped)."""
    if not isinstance(raw, list):
        return []
    drafts = []
    for item in raw:
        if not isinstance(item, dict):
            continue
        key, text, base = item.get("key"), item.get("text"), item.get("base", "")
        seen = item.get("seen")
        prints = frozenset(s for s in seen if isinstance(s, str)) if isinstance(seen, list) else ()
        if isinstance(key, str) and KEY.match(key) and isinstance(text, str):
            base = base if isinstance(base, str) else ""
            drafts.append(Draft(key, text, base, frozenset(prints)))
    return drafts
