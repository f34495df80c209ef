"""Print the actor-resolution scores on PLOVER gold records, with every miss (-v).

The scoring rule is ``claimgraph.eval.plover.score_actors``.

    python scripts/check_actor_lookup.py ../shared/data/events/plover [-v]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from claimgraph.eval.plover import load_records, score_actors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", type=Path, help="the PLOVER gold folder (or one .json in it)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the misses")
    args = parser.parse_args()
    folder = args.data if args.data.is_dir() else args.data.parent
    scores = score_actors(load_records(folder))
    if args.verbose:
        for miss in scores.misses:
            print("MISS", miss)
    print(
        f"iso3_accuracy     {scores.iso3_hits / scores.iso3_total:.3f}  "
        f"({scores.iso3_hits}/{scores.iso3_total})"
    )
    print(
        f"nonstate_accuracy {scores.nonstate_hits / scores.nonstate_total:.3f}  "
        f"({scores.nonstate_hits}/{scores.nonstate_total})"
    )
    print(
        f"sector_accuracy   {scores.sector_hits / scores.sector_total:.3f}  "
        f"({scores.sector_hits}/{scores.sector_total})"
    )
    print(f"skipped (gold code not an ISO3 of ours): {len(scores.skipped)} {scores.skipped}")


if __name__ == "__main__":
    main()
