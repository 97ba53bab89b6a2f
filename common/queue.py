"""Queueing an app's own Celery task from its services."""


def task_named(name):
    """The Celery task registered as ``name``.

    A service queues its app's task by name, so that it need not import the tasks module,
    which imports the service (an import cycle). Eager mode (no broker) still applies.
    """
    from celery import current_app

    if name not in current_app.tasks:
        # Outside a worker the tasks modules are imported on first need, not at start-up.
        current_app.loader.import_default_modules()
    return current_app.tasks[name]
