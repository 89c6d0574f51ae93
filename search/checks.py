"""System checks of the search app: the Whoosh its internals were written against.

search.whoosh_internals relies on private Whoosh code of one version; on another it falls
back to stock Whoosh (slower imports, an index reader that copies segments into memory),
so `manage.py check` and every start-up say so instead of letting it pass unnoticed.
"""

from django.core.checks import Error, Tags, register

from search.whoosh_internals import WHOOSH_VERSION, installed_whoosh_version


def _dotted(version: tuple[int, ...]) -> str:
    return ".".join(map(str, version))


@register(Tags.compatibility)
def whoosh_version_is_supported(app_configs, **kwargs):
    installed = installed_whoosh_version()
    if installed == WHOOSH_VERSION:
        return []
    return [
        Error(
            f"Whoosh {_dotted(installed)} is installed; search/whoosh_internals.py was written against "
            f"Whoosh {_dotted(WHOOSH_VERSION)} and is disabled on any other version.",
            hint=f"Install whoosh=={_dotted(WHOOSH_VERSION)} (see pyproject.toml), or review "
            "search/whoosh_internals.py against the new version and update WHOOSH_VERSION.",
            id="search.E001",
        )
    ]
