"""bench/serve_bench.py: what each import phase of --during-import imports."""

import importlib.util
import sys
from pathlib import Path

_PATH = Path(__file__).resolve().parents[2] / "bench" / "serve_bench.py"
_SPEC = importlib.util.spec_from_file_location("bench_serve", _PATH)
serve_bench = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = serve_bench
_SPEC.loader.exec_module(serve_bench)


def test_each_import_phase_gets_its_own_lines_of_a_jsonl_file(tmp_path):
    dump = tmp_path / "reuters.jsonl"
    dump.write_text("".join(f'{{"id": {n}}}\n' for n in range(5)), encoding="utf-8")
    shares = serve_bench._import_shares([dump], [0, 10])
    texts = [share.read_text(encoding="utf-8").splitlines() for [share] in shares]
    assert texts == [['{"id": 0}', '{"id": 2}', '{"id": 4}'], ['{"id": 1}', '{"id": 3}']]


def test_one_phase_or_a_folder_imports_the_paths_as_given(tmp_path):
    dump = tmp_path / "reuters.jsonl"
    dump.write_text('{"id": 0}\n', encoding="utf-8")
    assert serve_bench._import_shares([dump], [10]) == [[dump]]
    assert serve_bench._import_shares([tmp_path], [0, 10]) == [[tmp_path], [tmp_path]]
