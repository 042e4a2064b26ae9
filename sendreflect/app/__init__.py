"""The workshop apps (widgets → store/charts → content): ``participant_page()``,
``facilitator_page()`` and ``solo_page()`` are what the notebooks in ``notebooks/`` call."""

from sendreflect.app.actions import ActionPlan
from sendreflect.app.facilitator import FacilitatorApp, facilitator_page
from sendreflect.app.participant import ParticipantApp, participant_page
from sendreflect.app.solo import SoloApp, solo_page

__all__ = [
    "ActionPlan",
    "FacilitatorApp",
    "ParticipantApp",
    "SoloApp",
    "facilitator_page",
    "participant_page",
    "solo_page",
]
