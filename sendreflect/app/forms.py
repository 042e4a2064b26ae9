"""The base of the team's forms (agreed positions, the action plan): which workshop and
framework they answer, and who is recorded as giving the team's answers."""

from __future__ import annotations

from typing import Any

from sendreflect.app.saving import SaveStatus
from sendreflect.frameworks import Framework
from sendreflect.responses import TEAM, Kind
from sendreflect.store import Store


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
