"""Answer-level benchmark on public data the project never tuned to (ARCD)."""
