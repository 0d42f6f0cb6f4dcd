"""The six default governance principles every organisation starts with."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DEFAULT_PRINCIPLES = [
    (
        _("Citizen engagement"),
        _(
            "People who use services and local communities take part in decisions that affect them."
        ),
    ),
    (
        _("Transparency"),
        _("What was decided, by whom and why is open for anyone to see."),
    ),
    (
        _("Accountability"),
        _("Someone answers for each decision and for how well services do."),
    ),
    (
        _("Fairness and due process"),
        _("People are treated fairly and decisions follow the agreed process."),
    ),
    (
        _("Equalities"),
        _(
            "Groups that are seldom heard are sought out and their needs weigh as much as others'."
        ),
    ),
    (
        _("Sustainability"),
        _(
            "Choices hold up over time, for people, the community, the economy and the environment."
        ),
    ),
]
