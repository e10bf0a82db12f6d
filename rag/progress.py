"""Progress for long index builds: one tqdm bar per stage, on stderr (stdout stays clean for --json)."""

from __future__ import annotations

import sys
from collections.abc import Callable


def tqdm_progress(prefix: str = "embedding") -> Callable[[str, int, int], None]:
    """A ``progress(stage, done, total)`` callback, as ``Pipeline`` and ``build_index`` take."""
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}

    def update(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(total=total, desc=f"{prefix} {stage}", unit="text", file=sys.stderr)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return update
