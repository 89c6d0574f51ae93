"""Word clusters from unlabelled text: words used in the same places fall together."""

import random

from archive.text.word_clusters import cluster_paths, cluster_words

PEOPLE = ["محمد", "احمد", "خالد", "سعيد", "عمر", "يوسف"]
CITIES = ["دمشق", "بيروت", "القاهره", "بغداد", "الرياض", "تونس"]


def _news(count: int) -> list[list[str]]:
    rng = random.Random(11)
    patterns = [
        lambda: ["قال", rng.choice(PEOPLE), "في", rng.choice(CITIES), "."],
        lambda: ["وصل", rng.choice(PEOPLE), "الى", rng.choice(CITIES), "امس", "."],
        lambda: ["اكد", "الرئيس", rng.choice(PEOPLE), "ان", "الوضع", "في", rng.choice(CITIES), "هادئ", "."],
    ]
    return [rng.choice(patterns)() for _ in range(count)]


def test_names_of_people_and_of_cities_fall_into_their_own_clusters():
    data = cluster_words(_news(600), words=100, contexts=30, dimensions=6, levels=(4, 2))
    paths = cluster_paths(data)
    people = {paths[name] for name in PEOPLE}
    cities = {paths[name] for name in CITIES}
    assert len(people) == 1 and len(cities) == 1
    assert people != cities
    assert all(len(path) == 2 for path in paths.values())  # a cluster at each level
