"""How a page model reaches the code that serves it without importing it.

A Wagtail page builds its context in ``get_context()`` and may override ``serve()``;
the queries and forms that do this work live in the app's view modules (listings,
library, views), which import the page models. So that a model never imports its own
views (an import cycle), the page asks this registry, and each view module registers
its functions when the app is ready::

    @page_views.context_of(MaterialIndexPage)
    def library_context(page, request): ...

    class MaterialIndexPage(Page):
        def get_context(self, request, *args, **kwargs):
            return page_views.context(self, request, super().get_context(request))
"""

_contexts = {}
_servers = {}


def context_of(*page_models):
    """Register the decorated ``function(page, request) -> dict`` for these page models."""

    def register(function):
        for model in page_models:
            _contexts[model] = function
        return function

    return register


def server_of(page_model):
    """Register the decorated ``function(page, request) -> response`` as the page's serve()."""

    def register(function):
        _servers[page_model] = function
        return function

    return register


def context(page, request, base):
    """``base`` (Wagtail's own context) updated with what the page's builder adds."""
    return base | _contexts[type(page)](page, request)


def serve(page, request):
    return _servers[type(page)](page, request)
