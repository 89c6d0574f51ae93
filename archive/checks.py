from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    """The development key is public (it is in the repository); production must bring its own."""
    if settings.SECRET_KEY == getattr(settings, "DEV_SECRET_KEY", None):
        return [
            Error(
                "DJANGO_SECRET_KEY is not set: the built-in development key is public.",
                hint="Set DJANGO_SECRET_KEY to a long random value in production.",
                id="archive.E001",
            )
        ]
    return []
