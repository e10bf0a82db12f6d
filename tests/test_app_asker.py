"""The app answers two questions at once (rag.app_asker.Shared), and a new index still swaps in alone."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from rag.app_asker import Shared


def test_two_questions_are_inside_at_once_and_a_third_waits():
    access = Shared(2)
    inside, peak, lock = 0, 0, threading.Lock()
    both = threading.Barrier(2, timeout=10)  # raises BrokenBarrierError if the two never meet inside

    def question():
        nonlocal inside, peak
        with access.shared():
            with lock:
                inside += 1
                peak = max(peak, inside)
            if peak < 3:
                try:
                    both.wait()
                except threading.BrokenBarrierError:
                    pass
            time.sleep(0.05)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=question) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert peak == 2  # two at once, never three
    assert not both.broken


def test_an_exclusive_holder_waits_for_questions_in_flight_and_runs_alone():
    access = Shared(2)
    events: list[str] = []
    reading = threading.Event()

    def question():
        with access.shared():
            reading.set()
            time.sleep(0.3)
            events.append("question done")

    def swap():
        reading.wait(10)
        with access.exclusive():
            events.append("swap")
            time.sleep(0.1)
            events.append("swap done")

    q, s = threading.Thread(target=question), threading.Thread(target=swap)
    q.start()
    s.start()
    s.join(30)
    q.join(30)
    assert events == ["question done", "swap", "swap done"]
    with access.exclusive():  # every permit came back
        pass
    with access.shared(), access.shared():
        pass


@pytest.mark.slow
def test_questions_answered_side_by_side_are_the_answers_given_one_by_one(pipeline):
    from rag.app_asker import Asker
    from rag.evaluate import load_gold
    from rag.render import answer_to_dict

    questions = [g.question for g in load_gold()[:24]]
    one = Asker(pipeline, readers=1)

    def plain(q):
        d = answer_to_dict(one.ask(q, 8))
        d.pop("timings_ms", None)
        return d

    alone = [plain(q) for q in questions]
    two = Asker(pipeline, readers=2)

    def together(q):
        d = answer_to_dict(two.ask(q, 8))
        d.pop("timings_ms", None)
        return d

    with ThreadPoolExecutor(4) as pool:
        side_by_side = list(pool.map(together, questions))
    assert side_by_side == alone


def _side_by_side(fn, items: list, threads: int = 4) -> list[list]:
    """``fn`` over ``items`` in ``threads`` threads at once, switching threads as often as Python allows."""
    import sys

    def run(chunk):
        out = []
        for x in chunk:
            try:
                out.append(fn(x))
            except Exception as e:  # a race shows as a wrong result or an exception: both fail the test
                out.append(f"error: {type(e).__name__}")
        return out

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(threads) as pool:
            return list(pool.map(run, [items] * threads))
    finally:
        sys.setswitchinterval(interval)


def test_arabic_stems_are_the_same_when_two_questions_stem_at_once():
    """One snowball stemmer is shared; unguarded, 4 threads gave 304 wrong stems and 45 exceptions in
    7,012 (the corpus's first 1,753 Arabic words, measured here)."""
    import re

    from rag.config import ROOT
    from rag.normalize import arabic_stem

    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.md")))
    words = list(dict.fromkeys(re.findall(r"[\u0621-\u064a]{3,}", text)))[:1500]
    assert len(words) > 500
    alone = [arabic_stem(w) for w in words]
    for stems in _side_by_side(arabic_stem, words):
        assert stems == alone


def test_wait_quiet_waits_for_the_users_questions_in_flight(pipeline):
    """``app.main`` imports gradio (seconds holding the GIL) only once no user's question is being answered:
    ``wait_quiet`` is False while one is in (held here behind an exclusive holder), True once it is answered."""
    from rag.app_asker import Asker
    from rag.evaluate import load_gold

    asker = Asker(pipeline, readers=2)
    assert asker.wait_quiet(timeout=0.01)  # none in flight
    question = load_gold()[0].question
    with ThreadPoolExecutor(1) as pool:
        with asker._access.exclusive():  # as an index swap would: the question waits inside ask()
            future = pool.submit(asker.ask, question, 8)
            deadline = time.monotonic() + 10
            while asker._in_flight == 0 and time.monotonic() < deadline:
                time.sleep(0.01)
            assert not asker.wait_quiet(timeout=0.2)
        assert asker.wait_quiet(timeout=60)
        assert future.result(timeout=60).status in ("answered", "conflict", "not_found")
    assert asker._in_flight == 0
