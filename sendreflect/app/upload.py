"""The file picker: a real ``<input type="file">`` with its ``<label>``, which checks a file's
size in the browser before sending any of it to the kernel.

ipywidgets' FileUpload sends every file whole over the kernel's websocket, and one larger than
the server's message limit drops the connection without a word. This picker refuses such a file
where it is chosen, in plain English (the wording comes from Python, so it is written once), and
sends a file within the limit as one binary message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anywidget
import traitlets

Received = Callable[[str, bytes], None]


class FilePicker(anywidget.AnyWidget):
    """Choose one file; ``on_file(callback)`` is called with its name and bytes.

    ``limit`` is the largest file the browser will send; ``refusal`` what it shows for a larger
    one (``{name}`` stands for the file's name); ``sending`` what it shows while sending.
    """

    _esm = """
    function render({ model, el }) {
      const id = "sr-file-" + Math.random().toString(36).slice(2);
      const label = document.createElement("label");
      label.htmlFor = id;
      label.className = "sr-file-label";
      const input = document.createElement("input");
      input.type = "file";
      input.id = id;
      input.className = "sr-file-input";
      const note = document.createElement("div");
      const show = (text, kind) => {
        note.textContent = text;
        note.className = text ? "sr-message sr-" + kind : "";
        note.setAttribute("role", kind === "error" ? "alert" : "status");
      };
      const draw = () => {
        label.textContent = model.get("label");
        input.accept = model.get("accept");
      };
      input.addEventListener("change", async () => {
        const file = input.files && input.files[0];
        if (!file) { return; }
        const name = file.name;
        if (file.size > model.get("limit")) {
          input.value = "";
          show(model.get("refusal").replace("{name}", name), "error");
          return;
        }
        show(model.get("sending").replace("{name}", name), "info");
        const buffer = await file.arrayBuffer();
        input.value = "";
        model.send({ event: "file", name: name }, undefined, [buffer]);
      });
      model.on("change:handled", () => show("", "info"));
      model.on("change:label", draw);
      draw();
      el.classList.add("sr-file");
      el.append(label, input, note);
    }
    export default { render };
    """
    _css = """
    .sr-file { display: flex; flex-direction: column; gap: 0.3rem; margin: 0.4rem 0; }
    .sr-file-label { font-weight: 600; }
    .sr-file-input { font-size: 1rem; max-width: 100%; }
    .sr-file-input:focus-visible { outline: 3px solid #0a4f8a; outline-offset: 2px; }
    """
    label = traitlets.Unicode("Choose a file").tag(sync=True)
    accept = traitlets.Unicode("").tag(sync=True)
    limit = traitlets.Int(0).tag(sync=True)
    refusal = traitlets.Unicode("{name} is too large.").tag(sync=True)
    sending = traitlets.Unicode("Sending {name}…").tag(sync=True)
    handled = traitlets.Int(0).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._callbacks: list[Received] = []
        self.on_msg(self._message)

    def on_file(self, callback: Received) -> None:
        self._callbacks.append(callback)

    def _message(self, _widget: Any, content: dict[str, Any], buffers: list[Any]) -> None:
        if not isinstance(content, dict) or content.get("event") != "file":
            return
        name = str(content.get("name") or "the file")[:200]
        data = b"".join(bytes(b) for b in buffers or [])
        try:
            for callback in self._callbacks:
                callback(name, data)
        finally:
            self.handled += 1
