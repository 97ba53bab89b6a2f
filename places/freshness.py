"""Stored figures never outlive their inputs: who to tell when an input changes.

An input is anything a stored figure is computed from: a session's approval, a
venue or its population baseline, a media item, a unit's yearly facts, a plan
or a target. Whoever changes one calls ``inputs_changed`` (inside the change's
transaction) with the units whose figures it touches and the dates it touches;
the apps above (``indicators``) register what to do — mark those stored
figures stale and queue a refresh a few seconds later — so the lower apps
never import them, as ``events.follow_ups`` does for sessions.
"""

import datetime
from collections.abc import Callable, Iterable

# handler(unit_ids, start, end, below): filled by the apps above in AppConfig.ready.
HANDLERS: list[Callable] = []


def register(handler: Callable) -> None:
    if handler not in HANDLERS:
        HANDLERS.append(handler)


def inputs_changed(
    unit_ids: Iterable[int],
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    below: bool = False,
) -> None:
    """Figures of these units (and their ancestors; with ``below`` their subtrees too) for the
    periods overlapping [start, end] (every period when not given) are out of date."""
    unit_ids = sorted({unit_id for unit_id in unit_ids if unit_id is not None})
    if not unit_ids:
        return
    for handler in HANDLERS:
        handler(unit_ids, start, end, below)


def connect_model(model, units: Callable, span: Callable | None = None, below: bool = False):
    """Report every save and delete of ``model``'s rows: ``units(row)`` gives the unit ids,
    ``span(row)`` the (start, end) dates touched."""
    from django.db.models.signals import post_delete, post_save

    def changed(sender, instance, **kwargs):
        if kwargs.get("raw"):
            return  # fixtures load data, they do not change it
        start, end = span(instance) if span else (None, None)
        inputs_changed(units(instance), start=start, end=end, below=below)

    key = f"freshness:{model._meta.label_lower}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{key}:save")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{key}:delete")
