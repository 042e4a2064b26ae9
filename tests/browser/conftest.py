"""Browser tests use the shared harness (``tests/harness.py``, a plugin of ``tests/conftest.py``);
its helpers are re-exported here for the modules that import them from this folder."""

from tests.harness import FIELDS, Server, ServerProcess, free_port, voila, wait_for

__all__ = ["FIELDS", "Server", "ServerProcess", "free_port", "voila", "wait_for"]
