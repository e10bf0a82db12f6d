"""ARCD: native Arabic questions over Arabic Wikipedia paragraphs, a second set nobody tuned on.

``python -m benchmarks.arcd``; shares data loading, caching and metrics with ``benchmarks.xquad``.
"""
