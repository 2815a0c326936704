"""Benchmark places: gazetteer load time and memory, and resolution accuracy.

    python bench/geo.py                 # all numbers
    python bench/geo.py --misses        # and every case resolved wrong
    python bench/geo.py --json          # one JSON object

Loads the gazetteer first, in this fresh process, and reports the wall time and
the resident memory it added (retained, and the peak while loading: the JSON of
geonames' cities is parsed whole). Then resolves every case of
``tests/fixtures/geo/places.jsonl`` (written with the resolver; see its README)
and ``places_heldout.jsonl`` (written after the resolver was frozen, first scored
as is) in context, with the same spaCy pipeline and actor lists as the coder, and
prints accuracy at 161 km, country accuracy, precision accuracy over the cases that
give one, and how many of the place words the finder found on its own.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "geo"
SETS = ("places.jsonl", "places_heldout.jsonl")


def _status_kb(field: str) -> int | None:
    """A field of /proc/self/status in kB (Linux), e.g. VmRSS or VmHWM."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def measure_load() -> dict:
    before = _status_kb("VmRSS")
    start = time.perf_counter()
    from dotterel.geo import load_gazetteer

    gazetteer = load_gazetteer()
    seconds = time.perf_counter() - start
    after = _status_kb("VmRSS")
    peak = _status_kb("VmHWM")
    mib = (lambda kb: None if kb is None else round(kb / 1024, 1))
    return {
        "load_seconds": round(seconds, 3),
        "rss_before_mib": mib(before),
        "rss_after_mib": mib(after),
        "retained_mib": mib(after - before) if before is not None and after is not None else None,
        "peak_rss_mib": mib(peak),
        "peak_added_mib": mib(peak - before) if before is not None and peak is not None else None,
        **dict(gazetteer.stats),
    }


def measure_accuracy(name: str, reader) -> dict:
    from dotterel.geo import load_place_cases, score_places

    cases = load_place_cases(FIXTURES / name)
    results = []
    for case in cases:
        found = any(case.span.overlaps(m.span) for m in reader.read(case.text).mentions)
        mention = reader.read(case.text, given=[case.span]).at(case.span)
        results.append((mention.resolution if mention is not None else None, found))
    return score_places(cases, results).to_dict()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every case resolved wrong")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    load = measure_load()
    from dotterel.pipeline._places import PlaceReader

    started = time.perf_counter()
    reader = PlaceReader()
    scores = {name: measure_accuracy(name, reader) for name in SETS}
    seconds = time.perf_counter() - started
    if args.json:
        if not args.misses:
            for score in scores.values():
                score.pop("misses")
        print(json.dumps({"gazetteer": load, "accuracy": scores, "accuracy_seconds": round(seconds, 2)}, indent=1))
        return 0
    print("gazetteer")
    print(f"  load time        {load['load_seconds']:.2f} s")
    print(f"  memory retained  {load['retained_mib']} MiB (resident, after loading)")
    print(f"  memory peak      +{load['peak_added_mib']} MiB while loading (peak resident {load['peak_rss_mib']} MiB)")
    print(f"  places           {load['places']:,} ({load['cities']:,} cities, {load['countries']} countries, "
          f"{load['divisions_placed']:,} of {load['divisions']:,} divisions placed, {load['aliases']} aliases); "
          f"{load['names']:,} names")
    for name, score in scores.items():
        print(f"\n{name}: {score['cases']} place mentions")
        print(f"  accuracy at 161 km   {score['accuracy_161km']:.3f}  ({score['within_161km']}/{score['cases']})")
        print(f"  country accuracy     {score['country_accuracy']:.3f}  ({score['country_correct']}/{score['cases']})")
        if score["precision_accuracy"] is not None:
            print(f"  precision accuracy   {score['precision_accuracy']:.3f}")
        print(f"  found by the finder  {score['found_by_finder']:.3f}")
        if args.misses:
            for miss in score["misses"]:
                print("   ", json.dumps(miss, ensure_ascii=False))
    print(f"\n(accuracy runs took {seconds:.1f} s, spaCy included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
