"""XQuAD Arabic paragraph retrieval through the product pipeline: ``python -m benchmarks.xquad``.

Modules: ``data`` (loaders), ``cache`` (indexes and question vectors), ``metrics``, ``sparse``
(BM25-only variants), ``ideas`` (measured, not shipped), ``report`` (markdown, plot), ``run``.
"""
