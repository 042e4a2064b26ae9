"""Browser memory: remembers in the browser's local storage who this person joined as.

After a reload, a closed tab or a restarted kernel the page opens as the same participant with
every answer back, without typing the alias again. Nothing but the participant's id is kept.
"""

from __future__ import annotations

import anywidget
import traitlets


class BrowserMemory(anywidget.AnyWidget):
    """Keeps ``value`` in the browser's local storage under ``key``; ``loaded`` is what it had."""

    _esm = """
    function render({ model, el }) {
      const storageKey = () => "sendreflect:" + model.get("key");
      const read = () => {
        let stored = null;
        try { stored = window.localStorage.getItem(storageKey()); } catch (e) {}
        model.set("loaded", stored || "");
        model.set("ready", true);
        model.save_changes();
      };
      const write = () => {
        try {
          const value = model.get("value");
          if (value) { window.localStorage.setItem(storageKey(), value); }
          else if (model.get("forget")) { window.localStorage.removeItem(storageKey()); }
        } catch (e) {}
      };
      model.on("change:key", read);
      model.on("change:value", write);
      model.on("change:forget", write);
      read();
    }
    export default { render };
    """
    key = traitlets.Unicode("").tag(sync=True)
    value = traitlets.Unicode("").tag(sync=True)
    loaded = traitlets.Unicode("").tag(sync=True)
    ready = traitlets.Bool(False).tag(sync=True)
    forget = traitlets.Bool(False).tag(sync=True)

    def remember(self, value: str) -> None:
        self.forget = False
        self.value = value

    def clear(self) -> None:
        self.forget = True
        self.value = ""
