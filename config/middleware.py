"""Send a reader whose browser (or earlier choice) prefers Arabic to the /ar/ page.

With prefix_default_language=False, Django's LocaleMiddleware serves every unprefixed URL in
English and never consults Accept-Language, so without this an Arabic browser would always
land on the English interface.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import get_script_prefix, is_valid_path
from django.utils import translation
from django.utils.cache import patch_vary_headers


class PreferredLanguageRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        target = self.preferred_language_url(request)
        if target is None:
            response = self.get_response(request)
        else:
            response = HttpResponseRedirect(target)
        # Unprefixed pages depend on the header and the language cookie: caches must key on both.
        if translation.get_language_from_path(request.path_info) is None:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    def preferred_language_url(self, request) -> str | None:
        if request.method not in ("GET", "HEAD"):
            return None
        if translation.get_language_from_path(request.path_info) is not None:
            return None
        # The cookie (set by the language switch) comes first, then Accept-Language.
        language = translation.get_language_from_request(request, check_path=False)
        if language == settings.LANGUAGE_CODE:
            return None
        urlconf = getattr(request, "urlconf", None)
        # The language prefix only resolves while that language is active.
        with translation.override(language):
            if not is_valid_path(f"/{language}{request.path_info}", urlconf):
                return None  # not an i18n page (the API, set_language)
        prefix = get_script_prefix()
        return request.get_full_path().replace(prefix, f"{prefix}{language}/", 1)
