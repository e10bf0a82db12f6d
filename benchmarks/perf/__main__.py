"""``python -m benchmarks.perf ask|index|add|open|scale|load|batch|word-batch|overview`` — see the package docstring."""

from __future__ import annotations

import argparse

from benchmarks.perf.common import ROOT, merge_report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.perf", description=__doc__)
    sub = parser.add_subparsers(dest="what", required=True)
    a = sub.add_parser("ask", help="seed-corpus ask latency, idle and beside a CPU-bound neighbour")
    a.add_argument("--rounds", type=int, default=2)
    a.add_argument("--threads", type=int, nargs="*", help="thread counts to measure (default: 1 and every core)")
    ix = sub.add_parser("index", help="build time, embedder texts/s, overhead ratio, add one article")
    ix.add_argument("--add-only", action="store_true", help="only add_one_article_s, from the built index/")
    ad = sub.add_parser("add", help="add one article to a ~100,000-sentence index (built once, cached)")
    ad.add_argument("--sentences", type=int, default=100_000)
    ad.add_argument("--questions", type=int, default=100,
                    help="also time Pipeline.ask end to end over that index (0: do not)")
    ad.add_argument("--profile-add", action="store_true",
                    help="also profile one more add (pyinstrument) into reports/profile_add_one_article.txt")
    ad.add_argument("--ask-only", action="store_true", help="only Pipeline.ask over that index (key ask_large), no add")
    op = sub.add_parser("open", help="open the product index at ~100k sentences and tiled to ~1M: seconds, RSS")
    op.add_argument("--copies", type=int, nargs="*", default=[10], help="tiles of the ~100k index (10: ~1M)")
    op.add_argument("--repeat", type=int, default=2)
    s = sub.add_parser("scale", help="latency, load time, memory and recall at growing sizes")
    s.add_argument("--real", type=int, default=10_000, help="sentences embedded for real (cached under .cache/)")
    s.add_argument("--synthetic", type=int, nargs="*", default=[100_000, 1_000_000],
                   help="tiers of clustered synthetic 384-d vectors")
    s.add_argument("--queries", type=int, default=200)
    st = sub.add_parser("start", help="app start with a built index to the first answer (no load test)")
    st.add_argument("--repeat", type=int, default=3)
    st.add_argument("--no-profile", action="store_true", help="do not profile the last start with py-spy")
    sub.add_parser("profile", help="CPU per stage of one question (cProfile) and a pyinstrument tree")
    ov = sub.add_parser("overview", help="the gold overview questions over the ~100,000-sentence index: CPU each")
    ov.add_argument("--rounds", type=int, default=2)
    bt = sub.add_parser("batch", help="query encoder CPU per question with 1/2/4/8 questions per ONNX pass")
    bt.add_argument("--rounds", type=int, default=5)
    wb = sub.add_parser("word-batch", help="the word map's new words: one ONNX run each against padded batches (CPU)")
    wb.add_argument("--rounds", type=int, default=3)
    ld = sub.add_parser("load", help="8 concurrent clients against the app on 127.0.0.1")
    ld.add_argument("--clients", type=int, default=8)
    ld.add_argument("--seconds", type=float, default=60.0)
    ld.add_argument("--no-profile", action="store_true", help="do not attach py-spy to the server")
    ld.add_argument("--no-cache", action="store_true",
                    help="also run with the answer cache off (RAG_ANSWER_CACHE=0): computed answers only")
    ld.add_argument("--json-route", action="store_true",
                    help="also run with the cache off through the app's one-request POST /api/ask")
    ld.add_argument("--json-only", action="store_true",
                    help="only the cache-off run through POST /api/ask (load_json_route_without_cache)")
    args = parser.parse_args(argv)
    if args.what == "ask":
        from benchmarks.perf import ask

        merge_report(ask.run(args.rounds, threads_list=args.threads))
    elif args.what == "index":
        from benchmarks.perf import build

        merge_report(build.add_only() if args.add_only else build.run())
    elif args.what == "add":
        from benchmarks.perf import grow

        result = {} if args.ask_only else grow.add_one(
            args.sentences, ROOT / "reports" / "profile_add_one_article.txt" if args.profile_add else None)
        if args.questions:
            result["ask_large"] = grow.ask_large(args.sentences, args.questions, ROOT / "reports" / "profile_ask_large.txt")
        merge_report(result)
    elif args.what == "open":
        from benchmarks.perf import opening

        merge_report(opening.run(args.copies, args.repeat))
    elif args.what == "scale":
        from benchmarks.perf import scale

        merge_report(scale.run(args.real, args.synthetic, args.queries))
    elif args.what == "start":
        from benchmarks.perf import start

        merge_report(start.run(args.repeat, not args.no_profile))
    elif args.what == "profile":
        from benchmarks.perf import profile

        merge_report(profile.run())
    elif args.what == "overview":
        from benchmarks.perf import overview

        merge_report(overview.run(rounds=args.rounds))
    elif args.what == "batch":
        from benchmarks.perf import batch

        merge_report(batch.run(args.rounds))
    elif args.what == "word-batch":
        from benchmarks.perf import word_batch

        merge_report(word_batch.run(args.rounds))
    elif args.what == "load":
        from benchmarks.perf import load

        if args.json_only:
            off = load.run(args.clients, args.seconds, profile=not args.no_profile, cache=False, route="json",
                           profile_path=load.PROFILE_JSON)
            merge_report({"load_json_route_without_cache": {k: v for k, v in off.items() if k.startswith(("load_", "app_"))}})
            return
        result = load.run(args.clients, args.seconds, not args.no_profile)
        if args.no_cache:
            off = load.run(args.clients, args.seconds, profile=False, cache=False)
            result["load_without_cache"] = {k: v for k, v in off.items() if k.startswith(("load_", "app_"))}
        if args.json_route:
            off = load.run(args.clients, args.seconds, profile=not args.no_profile, cache=False, route="json",
                           profile_path=load.PROFILE_JSON)
            result["load_json_route_without_cache"] = {k: v for k, v in off.items() if k.startswith(("load_", "app_"))}
        merge_report(result)


if __name__ == "__main__":
    main()
