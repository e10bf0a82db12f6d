"""Would embedding waiting questions together make each one cheaper? CPU per question of the query
encoder's ONNX pass (rag.e5_onnx) with b questions' tokens in one pass, against one pass per question.

Under load several ``POST /api/ask`` requests wait at once, so a micro-batcher could embed them in one
model call. It pays only if a pass has a fixed cost to share. Here the b questions' token rows are
stacked into one [sum of tokens, H] input of the app's own graph: every matrix product (MatMulNBits,
~80 % of a pass) then does exactly the work a batched graph would do for those rows, with no padding;
attention runs over all the rows together, a little more than per question (at 19 tokens x 8
questions ~6 % of the products' work). So the figure is an upper bound on what batching could save.
Rounds interleave the batch sizes, so a busy neighbour weighs on each alike; CPU is this thread's.
"""

from __future__ import annotations

import os
import time

import numpy as np

SIZES = (1, 2, 4, 8)


def run(rounds: int = 5, passes: int = 16) -> dict:
    from rag.e5_onnx import OnnxQueryEncoder, _dequantize, tokenize
    from rag.evaluate import load_gold

    encoder = OnnxQueryEncoder(threads=1)
    m = encoder.model
    inputs = []
    for g in load_gold():
        ids = [m.bos, *tokenize(m, "query: " + g.question), m.eos]
        x0 = _dequantize(encoder._word[ids], len(ids), m.H)
        inputs.append(x0 + encoder._position[:len(ids)] + encoder._type)
    session = encoder._session
    cpu: dict[int, list[float]] = {b: [] for b in SIZES}
    for r in range(rounds):
        for b in SIZES:
            start = (r * passes * b) % len(inputs)
            batches = [np.concatenate([inputs[(start + i * b + j) % len(inputs)] for j in range(b)])
                       for i in range(passes)]
            session.run(None, {"x0": batches[0]})  # warm this shape
            t0 = time.thread_time()
            for x0 in batches:
                session.run(None, {"x0": x0})
            cpu[b].append((time.thread_time() - t0) * 1e3 / (passes * b))
    per_question = {str(b): round(float(np.median(v)), 2) for b, v in cpu.items()}
    one = per_question["1"]
    print("ONNX pass, CPU ms per question (median of rounds): " +
          ", ".join(f"batch {b}: {v} ({v / one:.2f}x)" for b, v in per_question.items()), flush=True)
    return {"query_batch_cpu_ms_per_question": per_question,
            "query_batch_rounds": rounds, "query_batch_passes_per_round": passes,
            "query_batch_tokens_median": int(np.median([len(x) for x in inputs])),
            "query_batch_load_average": [round(x, 2) for x in os.getloadavg()],
            "query_batch_note": __doc__.split("\n\n")[1].replace("\n", " ")}
