"""Performance benchmarks (commands that write ``reports/performance.json``, not timed tests).

    python -m benchmarks.perf ask      # seed corpus: ask p50/p95, idle vs a CPU-bound neighbour, threads 1 vs all
    python -m benchmarks.perf index    # build time, embedder texts/s, overhead ratio, add one article
    python -m benchmarks.perf add      # add one article to a ~100,000-sentence index: seconds per part
    python -m benchmarks.perf open     # open the product index at ~100k sentences and tiled to ~1M: seconds, RSS
    python -m benchmarks.perf scale    # tiers: real embeddings (small) and clustered synthetic vectors (100k, 1M)
    python -m benchmarks.perf load     # the app on 127.0.0.1 with 8 concurrent clients, server profile
    python -m benchmarks.perf start    # app start with a built index to the first answer (median of fresh servers)
    python -m benchmarks.perf profile  # CPU per stage of one question -> reports/profile_ask.txt
    python -m benchmarks.perf batch    # query encoder CPU per question with 1/2/4/8 questions per ONNX pass
    python -m benchmarks.perf overview # questions about the collection over the ~100k-sentence index: CPU each

Every command prints what it measured in that run and merges its keys into the report.
"""
