"""Speed: index build, embedding throughput, query latency, exact vs HNSW search (``python -m benchmarks.speed``)."""
