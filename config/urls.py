from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("api/", include("search.api_urls")),
]
urlpatterns += i18n_patterns(
    # Inside the prefixed patterns so set_language runs in the page's language: Django's
    # translate_url can then resolve an /ar/ page's `next` and send the reader to its English twin.
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("search.urls")),
    path("", include("archive.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
