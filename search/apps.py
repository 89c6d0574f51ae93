from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from search import checks  # noqa: F401  (registers the Whoosh version check)
        from search.whoosh_internals import read_segments_in_place

        read_segments_in_place()
