from django.urls import path

from search import api

app_name = "api"

urlpatterns = [
    path("search/", api.SearchView.as_view(), name="search"),
    path("articles/<int:pk>/", api.ArticleView.as_view(), name="article"),
    path("entities/<int:pk>/", api.EntityView.as_view(), name="entity"),
]
