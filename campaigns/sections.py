"""What the apps above campaigns show on a campaign page (its contests, its materials).

Each registers, when it is ready, a function from the campaign to what the page lists
under a context name; campaigns never imports them.
"""

_sections = {}


def register(name, pages_of):
    """``pages_of(campaign)`` gives what the campaign page shows under ``name``."""
    _sections[name] = pages_of


def sections_of(campaign):
    return {name: pages_of(campaign) for name, pages_of in _sections.items()}
