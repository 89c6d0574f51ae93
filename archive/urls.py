from django.urls import path

from archive import views

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("articles/<int:pk>/raw/", views.article_raw, name="article_raw"),
    path("sources/", views.source_index, name="source_index"),
    path("sources/<str:slug>/", views.source_detail, name="source_detail"),
    path("entities/", views.entity_index, name="entity_index"),
    path("entities/<int:pk>/", views.entity_detail, name="entity_detail"),
    path("entities/<int:pk>/chart.png", views.entity_chart, name="entity_chart"),
]
