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
