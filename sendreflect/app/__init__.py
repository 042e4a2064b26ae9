"""The workshop apps (widgets → store/charts → content): ``participant_page()`` and
``facilitator_page()`` are what the notebooks in ``notebooks/`` call."""

from sendreflect.app.actions import ActionPlan
from sendreflect.app.facilitator import FacilitatorApp, facilitator_page
from sendreflect.app.participant import ParticipantApp, participant_page

__all__ = ["ActionPlan", "FacilitatorApp", "ParticipantApp", "facilitator_page", "participant_page"]
