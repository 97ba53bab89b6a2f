"""A task of Django's task framework, for the Celery bridge test (the worker imports it)."""

from django_tasks import task


@task()
def add_and_describe(a, b):
    return {"sum": a + b, "ran_in": "worker"}
