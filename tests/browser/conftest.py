"""Browser tests use the shared harness (``tests/harness.py``, a plugin of ``tests/conftest.py``);
its helpers are re-exported here for the modules that import them from this folder."""

from tests.harness import FIELDS, Server, _free_port, start_server, wait_for

__all__ = ["FIELDS", "Server", "_free_port", "start_server", "wait_for"]
