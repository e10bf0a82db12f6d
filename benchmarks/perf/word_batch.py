"""Would padded batches make the word map's new words cheaper to embed? (issue 13, grow9: measured, not adopted)

An add embeds the word map's new words (single Arabic-script words, ~7 tokens each with ``query: ``, <s>
and </s>) one ONNX run per word. Here the same words go through a batched graph
(``rag.e5_onnx.build_graph(batched=True)``: texts of similar length padded into one [B, T, H] run,
attention masked off the padding, the mean over each text's own tokens) against one run each, on one
thread, rounds interleaved so a busy neighbour weighs on both alike. The batched encoder lives here, not in
the product: the runs cost the same CPU (the encoder's work is linear in tokens, the per-run overhead small)
and the vectors agree only to a cosine of ~0.99987 (not bit for bit: the kernels sum in another order).
"""

from __future__ import annotations

import os
import time

import numpy as np

TOKENS_PER_RUN = 2048  # padded tokens per run
SLACK = 1.25  # a run's longest text at most this times its shortest (+2 tokens)


def groups(lengths: list[int]) -> list[list[int]]:
    """Indices by length, in runs of similar length and at most TOKENS_PER_RUN padded tokens.

    Example: groups([7, 120, 6, 7]) -> [[2, 0, 3], [1]].
    """
    out: list[list[int]] = []
    for i in sorted(range(len(lengths)), key=lambda i: lengths[i]):
        run, n = (out[-1] if out else None), lengths[i]
        if run and n <= SLACK * lengths[run[0]] + 2 and (len(run) + 1) * n <= TOKENS_PER_RUN:
            run.append(i)
        else:
            out.append([i])
    return out


class BatchEncoder:
    """``OnnxQueryEncoder.encode`` for many texts, in padded runs of the batched graph (one ONNX thread)."""

    def __init__(self, single) -> None:
        import onnxruntime as ort

        from rag.e5_onnx import cached_graph

        self.single = single
        options = ort.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        self._session = ort.InferenceSession(cached_graph(single.model, batched=True), options,
                                             providers=["CPUExecutionProvider"])

    def encode_many(self, texts: list[str], prefix: str = "query: ") -> list[np.ndarray]:
        inputs = [self.single.inputs(t, prefix) for t in texts]
        found: list[np.ndarray] = [np.zeros(0)] * len(texts)
        for run in groups([len(x) for x in inputs]):
            xs = [inputs[i] for i in run]
            B, T, H = len(xs), max(len(x) for x in xs), xs[0].shape[1]
            x0, keep = np.zeros((B, T, H), np.float32), np.zeros((B, T, 1), np.float32)
            for b, x in enumerate(xs):
                x0[b, :len(x)], keep[b, :len(x)] = x, 1
            bias = ((keep[:, :, 0] - 1) * np.float32(1e9)).reshape(B, 1, 1, T)
            pooled = self._session.run(None, {"x0": x0, "bias": bias, "keep": keep})[0]
            for i, v in zip(run, pooled / np.linalg.norm(pooled, axis=1, keepdims=True)):
                found[i] = v
        return found


def run(rounds: int = 3) -> dict:
    from benchmarks.perf.common import ROOT
    from benchmarks.perf.grow import ADDED
    from rag.e5_onnx import OnnxQueryEncoder
    from rag.ingest import load_document
    from rag.word_rows import chunk_words

    doc = load_document(ROOT / "corpus" / ADDED)
    words = sorted({w for ws in chunk_words([doc], [doc.language]) for w in ws})
    single = OnnxQueryEncoder(threads=1)
    batched = BatchEncoder(single)
    single.encode(words[0])
    batched.encode_many(words[:8])
    one_cpu, many_cpu = [], []
    for _ in range(rounds):
        t0 = time.thread_time()
        one = [single.encode(w) for w in words]
        one_cpu.append(time.thread_time() - t0)
        t0 = time.thread_time()
        many = batched.encode_many(words)
        many_cpu.append(time.thread_time() - t0)
    pairs = [(a, b) for a, b in zip(one, many) if a is not None and b is not None]
    cos = np.array([float(a @ b) for a, b in pairs])
    tokens = [len(x) for w in words if (x := single.inputs(w)) is not None]
    result = {"words": len(words), "tokens_mean": round(float(np.mean(tokens)), 1),
              "runs_batched": len(groups(tokens)),
              "one_run_each_cpu_s": [round(x, 3) for x in one_cpu], "padded_batches_cpu_s": [round(x, 3) for x in many_cpu],
              "cosine_min": round(float(cos.min()), 6), "bit_identical": int(sum(np.array_equal(a, b) for a, b in pairs)),
              "load_average": [round(x, 2) for x in os.getloadavg()], "note": __doc__.split("\n\n")[1].replace("\n", " ")}
    print(result, flush=True)
    return {"word_batch": result}
