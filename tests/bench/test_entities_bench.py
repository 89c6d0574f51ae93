"""bench/entities.py: how the tagger's errors are sorted, and --dev-option's parameters."""

import importlib.util
import sys
from pathlib import Path

_BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(_BENCH))  # bench/entities.py imports its neighbour corpora.py
_SPEC = importlib.util.spec_from_file_location("bench_entities", _BENCH / "entities.py")
entities = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(entities)


def test_each_gold_organisation_is_right_cut_mistyped_or_missed():
    gold = {(0, 2, "ORG"), (5, 5, "ORG"), (7, 8, "ORG"), (10, 11, "ORG"), (14, 14, "ORG"), (20, 20, "PERS")}
    found = {
        (0, 2, "ORG"),  # right
        (5, 6, "ORG"),  # one word too many: boundary
        (7, 8, "LOC"),  # the extent, another kind: type
        (11, 11, "PERS"),  # part of it, another kind
        (17, 18, "ORG"),  # where there is no name: spurious
        (20, 20, "ORG"),  # over a person's name: that person's type error, not spurious
    }
    counts = entities.error_kinds([(gold, found)], "ORG")
    assert dict(counts) == {
        "right": 1,
        "boundary": 1,
        "type": 1,
        "type+boundary": 1,
        "missed": 1,
        "spurious": 1,
    }
    assert entities.error_kinds([(gold, found)], "PERS") == {"type": 1}


def test_dev_options_are_crfsuite_parameters_with_their_types():
    options = entities.parse_options(["c1=0.1", "max_iterations=300", "feature.possible_states=true", "x=a"])
    assert options == {"c1": 0.1, "max_iterations": 300, "feature.possible_states": True, "x": "a"}
