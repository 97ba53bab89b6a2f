"""Benchmark: "all communes under a province", materialised path against tree walks.

    .tools/bin/uv run python bench/bench_subtree.py [--repeat 20] [--smoke]
    .tools/bin/uv run python bench/bench_subtree.py --postgres postgres://postgres@127.0.0.1:5432/postgres

Builds a throwaway database, never the development one: a database on the
PostgreSQL server of --postgres, with the schema of the migrations (see
bench/support.py), dropped after the run. It loads the real official list with the legacy
units (about 14,000: 34 provinces with 3,321 communes, and under them 63 old
provinces, 696 districts and 10,051 old communes), then for every current
province times three ways of listing the communes below it, in the same run:

- the subtree query: one indexed prefix range on ``path``;
- level by level: one query per level of the tree (parent_id IN the previous level);
- node by node: one query per unit, asking for its children.

The last line gives the ratio against the level-by-level walk.
"""

import os
import statistics
import tempfile
import time

from support import migrated_database, parser


def parse_args():
    arguments = parser(__doc__)
    arguments.add_argument("--repeat", type=int, default=20, help="timed runs per province")
    args = arguments.parse_args()
    if args.smoke:
        args.repeat = 2
    return args


def by_path(unit):
    from places.models import OrgUnit

    return list(OrgUnit.objects.communes_under(unit).values_list("pk", flat=True))


def level_by_level(unit):
    from places.models import Level, OrgUnit

    found, frontier = [], [unit.pk]
    while frontier:
        children = list(OrgUnit.objects.filter(parent_id__in=frontier).values_list("pk", "level"))
        found += [pk for pk, level in children if level == Level.COMMUNE]
        frontier = [pk for pk, _level in children]
    return found


def node_by_node(unit):
    from places.models import Level, OrgUnit

    found, stack = [], [unit.pk]
    while stack:
        children = OrgUnit.objects.filter(parent_id=stack.pop()).values_list("pk", "level")
        for pk, level in children:
            (found if level == Level.COMMUNE else stack).append(pk)
    return found


def time_per_call(walk, provinces, repeat):
    """Median seconds of one call, over ``repeat`` runs across all provinces."""
    for province in provinces:  # warm the caches
        walk(province)
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        for province in provinces:
            walk(province)
        runs.append((time.perf_counter() - started) / len(provinces))
    return statistics.median(runs)


def main():
    args = parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="bench_subtree_") as workdir,
        migrated_database(args.postgres, "bench_subtree") as database,
    ):
        os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
        os.environ["VAR_DIR"] = workdir
        os.environ["DATABASE_URL"] = database
        run(args)


def run(args):
    import django

    django.setup()
    from django.db import connection

    from places.models import Level, OrgUnit
    from places.services import load_admin_units

    started = time.perf_counter()
    report = load_admin_units(with_legacy=True)
    loaded_in = time.perf_counter() - started
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum would gather them, so both walks get their best plans.
        cursor.execute("ANALYZE")
    units = OrgUnit.objects.count()
    print(f"Database: {connection.vendor}; {units} units loaded in {loaded_in:.1f} s")
    for line in report.lines():
        print(f"  {line}")

    provinces = list(OrgUnit.objects.current().filter(level=Level.PROVINCE).order_by("code"))
    communes = [len(by_path(p)) for p in provinces]
    print(
        f"{len(provinces)} provinces; communes under each (current and old): "
        f"min {min(communes)}, median {statistics.median(communes):.0f}, max {max(communes)}"
    )
    for province in provinces:
        expected = sorted(by_path(province))
        assert sorted(level_by_level(province)) == expected, province
        assert sorted(node_by_node(province)) == expected, province

    path_time = time_per_call(by_path, provinces, args.repeat)
    levels_time = time_per_call(level_by_level, provinces, args.repeat)
    nodes_time = time_per_call(node_by_node, provinces, max(1, args.repeat // 10))
    print(f"subtree query (1 query):       {path_time * 1000:8.2f} ms per province")
    print(f"level by level (1 per level):  {levels_time * 1000:8.2f} ms per province")
    print(f"node by node (1 per unit):     {nodes_time * 1000:8.2f} ms per province")
    print(f"subtree query: {nodes_time / path_time:.1f}x faster than node-by-node traversal")
    print(f"subtree query: {levels_time / path_time:.1f}x faster than level-by-level traversal")


if __name__ == "__main__":
    main()
