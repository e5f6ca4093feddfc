"""The Stripe request pace: never more than its number of starts in any one second, across threads."""

import threading
import time

from customer_portal.adapters.payments import RequestPace, pace_for


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


def test_the_request_past_the_limit_waits_for_the_oldest_to_leave_the_second():
    clock = FakeClock()
    pace = RequestPace(3, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        pace.wait_turn()
        clock.now += 0.1
    assert clock.slept == []
    pace.wait_turn()  # started at 100.3; the first began at 100.0
    assert clock.slept == [0.7]
    assert clock.now == 101.0


def test_after_a_quiet_second_the_whole_allowance_is_back():
    clock = FakeClock()
    pace = RequestPace(2, clock=clock, sleep=clock.sleep)
    pace.wait_turn()
    pace.wait_turn()
    clock.now += 1.0
    pace.wait_turn()
    pace.wait_turn()
    assert clock.slept == []


def test_threads_share_one_pace():
    pace = RequestPace(5)
    starts: list[float] = []
    lock = threading.Lock()

    def send() -> None:
        pace.wait_turn()
        with lock:
            starts.append(time.monotonic())

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    starts.sort()
    assert starts[5] - starts[0] >= 0.99  # the sixth waited for the first to be a second old


def test_test_and_live_keys_have_their_own_pace_within_stripes_limits():
    assert pace_for("sk_test_abc") is pace_for("rk_test_xyz")
    assert pace_for("sk_live_abc") is not pace_for("sk_test_abc")
    assert pace_for("sk_test_abc").per_second < 25 and pace_for("sk_live_abc").per_second < 100


def test_after_a_burst_the_rest_start_spread_over_the_second():
    """A whole second's allowance at once would arrive at Stripe spread by the machine's load, and its tail could
    share a second with the next: past the burst, starts are 1/per_second apart."""
    clock = FakeClock()
    pace = RequestPace(4, burst=2, clock=clock, sleep=clock.sleep)
    starts = []
    for _ in range(5):
        pace.wait_turn()
        starts.append(round(clock.now - 100.0, 6))
    assert starts == [0.0, 0.0, 0.25, 0.5, 1.0]  # the fifth also waits for the first to be a second old
    clock.now += 5.0  # a quiet spell: the burst is back
    pace.wait_turn()
    pace.wait_turn()
    assert round(clock.now - 100.0, 6) == 6.0
