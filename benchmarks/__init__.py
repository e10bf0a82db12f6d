"""Benchmarks beside the product, not inside it: each folder is one benchmark, run with ``python -m``.

They import the product's public API only (``rag.*`` names without a leading underscore), read
environment variables when they run (not at import), and write derived figures to ``reports/``.

- ``benchmarks.xquad``: XQuAD Arabic paragraphs, English and Arabic questions (retrieval, answer sentences).
- ``benchmarks.arcd``: ARCD, native Arabic questions over Arabic paragraphs (a second, untuned set).
- ``benchmarks.speed``: index build, embedding throughput, query latency, exact vs HNSW search.
"""
