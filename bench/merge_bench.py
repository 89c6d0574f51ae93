"""Merging an index's small segments: Whoosh's merge against search.whoosh_internals.merged_segment.

    .venv/bin/python bench/merge_bench.py --index DIR/whoosh_index [--segments 9] [--repeats 3]

DIR/whoosh_index is an imported archive's index, only read: each round copies it to a
temporary folder and merges its `--segments` smallest segments into one, once as Whoosh does
it (every posting through the writer's pool: `SegmentWriter.add_reader`, then the segment
written; the pool is the project's block-spilling one) and once with `merged_segment` (the
segments' postings read term by term, in order, straight into the field writer), the two
taking turns. Prints CPU and wall seconds of each (median and range over the rounds), their
ratio per round, and checks that the two merged indexes hold the same documents, stored
fields, field lengths and postings (weights and position bytes), document by document.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench's own modules
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project
from machine import Run  # noqa: E402

WHOOSH, OURS = "whoosh add_reader", "merged_segment"


def merge_segments(ix, chosen: list, *, variant: str, limitmb: int = 48) -> None:
    """Merge the chosen segments of the index into one and commit, the other segments kept:
    as Whoosh does (every posting through the writer's pool, then the segment written) or
    with merged_segment."""
    from whoosh.reading import SegmentReader

    from search.whoosh_internals import _FastSegmentWriter, merged_segment

    writer = _FastSegmentWriter(ix, limitmb=limitmb)
    wanted = {segment.segment_id() for segment in chosen}  # the writer reads the TOC afresh
    chosen = [segment for segment in writer.segments if segment.segment_id() in wanted]
    kept = [segment for segment in writer.segments if segment.segment_id() not in wanted]
    if variant == WHOOSH:
        for segment in chosen:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        segments = kept + [writer._finalize_segment()]
    else:
        segments = kept + [merged_segment(ix, chosen, limitmb=limitmb)]
        writer._close_segment()
    writer._commit_toc(segments)
    writer._finish()


def index_contents(ix) -> tuple:
    """Everything a search reads, by stored document id: the ids in document order, stored
    fields, field lengths, and each term's postings (id, weight, position bytes) in order."""
    with ix.reader() as reader:
        ids = {docnum: stored["id"] for docnum, stored in reader.iter_docs()}
        names = sorted(reader.indexed_field_names())
        stored = {ids[docnum]: fields for docnum, fields in reader.iter_docs()}
        lengths = {(ids[d], name): reader.doc_field_length(d, name) for d in ids for name in names}
        postings = {}
        for fieldname, btext in reader.all_terms():
            matcher = reader.postings(fieldname, btext)
            items = []
            while matcher.is_active():
                items.append((ids[matcher.id()], matcher.weight(), matcher.value()))
                matcher.next()
            postings[fieldname, btext] = items
        return [ids[d] for d in sorted(ids)], stored, lengths, postings


def _timed_merge(folder: Path, count: int, variant: str) -> tuple[float, float]:
    from whoosh import index

    ix = index.open_dir(str(folder))
    chosen = sorted(ix._segments(), key=lambda s: s.doc_count_all())[:count]
    cpu, wall = time.process_time(), time.perf_counter()
    merge_segments(ix, chosen, variant=variant)
    return time.process_time() - cpu, time.perf_counter() - wall


def _contents(folder: Path) -> tuple:
    from whoosh import index

    ix = index.open_dir(str(folder))
    return (*index_contents(ix), len(ix._segments()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--segments", type=int, default=9, help="merge this many of the smallest segments")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-check", action="store_true", help="skip comparing the merged indexes")
    args = parser.parse_args()

    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    run = Run.start()
    figures: dict[str, list[tuple[float, float]]] = {WHOOSH: [], OURS: []}
    with tempfile.TemporaryDirectory() as scratch:
        for round_ in range(args.repeats):
            order = (WHOOSH, OURS) if round_ % 2 == 0 else (OURS, WHOOSH)
            for variant in order:
                folder = Path(scratch) / variant.replace(" ", "_")
                shutil.rmtree(folder, ignore_errors=True)
                shutil.copytree(args.index, folder)
                figures[variant].append(_timed_merge(folder, args.segments, variant))
        print(f"merging the {args.segments} smallest segments of {args.index}, {args.repeats} rounds")
        print(f"{'variant':20s} {'CPU s median (range)':>26s} {'wall s median (range)':>26s}")
        for variant, values in figures.items():
            cpu = [c for c, _ in values]
            wall = [w for _, w in values]
            print(
                f"{variant:20s} {statistics.median(cpu):10.2f} ({min(cpu):.2f}-{max(cpu):.2f})"
                f"      {statistics.median(wall):10.2f} ({min(wall):.2f}-{max(wall):.2f})"
            )
        ratios = [ours[0] / theirs[0] for ours, theirs in zip(figures[OURS], figures[WHOOSH], strict=True)]
        spread = f"{min(ratios):.2f}-{max(ratios):.2f}"
        print(f"CPU {OURS} / {WHOOSH}: median {statistics.median(ratios):.2f} ({spread})")
        if not args.no_check:
            ours = _contents(Path(scratch) / OURS.replace(" ", "_"))
            theirs = _contents(Path(scratch) / WHOOSH.replace(" ", "_"))
            print(f"documents {len(ours[0])} / {len(theirs[0])}, segments {ours[4]} / {theirs[4]}")
            parts = ("document order", "stored fields", "field lengths", "postings")
            for name, a, b in zip(parts, ours[:4], theirs[:4], strict=True):
                print(f"{name}: {'identical' if a == b else 'DIFFERENT'} ({len(a)} entries)")
    run.finish()


if __name__ == "__main__":
    main()
