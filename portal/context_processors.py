from django.conf import settings


def site_context(request):
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "PLAUSIBLE_HOST": settings.PLAUSIBLE_HOST,
        "PLAUSIBLE_DOMAIN": settings.PLAUSIBLE_DOMAIN,
    }
