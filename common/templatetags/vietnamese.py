"""{% load vietnamese %}: {{ user|full_name }}, {{ count|number }}, {{ share|percent }}."""

from django import template

from common import names, numbers

register = template.Library()


@register.filter
def full_name(user):
    return names.full_name(user)


@register.filter
def number(value, decimals=None):
    return numbers.number(value, None if decimals is None else int(decimals))


@register.filter
def percent(value, decimals=1):
    return numbers.percent(value, int(decimals))
