"""Throttling slows a guesser and never lets a stranger lock anyone out (OWASP; NIST SP 800-63B 5.2.2).

The old rules refused the right password of any account from a client with 20 failures (behind the README's proxy,
every customer shares that client) and locked an account for 15 minutes after 5 failures from anyone.
"""

import time
from datetime import timedelta

from sqlmodel import select

from customer_portal.domain.clock import utcnow
from customer_portal.models import SignInThrottle
from customer_portal.services.accounts import staff_auth, throttle
from customer_portal.state.staff_sign_in import StaffSignInState
from tests.factories import STAFF_PASSWORD, make_staff
from tests.state_harness import connect_from, new_state, run_handler

PROXY = "127.0.0.1"


def _attempt(session, staff_email: str, *, password: str, client: str, now, waited: float = 0.0):
    result = staff_auth.sign_in(
        session, email=staff_email, password=password, client_ip=client, now=now, waited_seconds=waited
    )
    session.commit()
    return result


def test_twenty_failures_on_unknown_emails_leave_another_accounts_right_password_working(session):
    staff = make_staff(session)
    now = utcnow()
    for attempt in range(20):
        refused = _attempt(session, f"guess{attempt}@pools.example", password="x" * 9, client=PROXY, now=now)
        assert refused.error == staff_auth.SIGN_IN_REFUSED
    # Same client (say, the shared reverse proxy), an account it never failed on: signed in, after a short pause.
    first = _attempt(session, staff.email, password=STAFF_PASSWORD, client=PROXY, now=now)
    assert first.token is None and first.pause_seconds == throttle.CLIENT_PAUSE
    signed_in = _attempt(session, staff.email, password=STAFF_PASSWORD, client=PROXY, now=now, waited=5)
    assert signed_in.token is not None
    # ...while the accounts it was guessing stay closed to it until its window ends.
    again = _attempt(session, "guess3@pools.example", password="x" * 9, client=PROXY, now=now)
    assert again.error == "Too many failed attempts. Try again in 15 minutes."


def test_an_account_under_attack_from_many_clients_lets_its_owner_in_after_a_bounded_pause(session):
    staff = make_staff(session)
    now = utcnow()
    for attempt in range(200):  # 50 clients, 4 guesses each, every one waiting out its pause as asked
        guess = _attempt(
            session, staff.email, password=f"guess-{attempt}", client=f"198.51.100.{attempt % 50}", now=now, waited=10
        )
        assert guess.error == staff_auth.SIGN_IN_REFUSED
    owner = _attempt(session, staff.email, password=STAFF_PASSWORD, client="192.0.2.44", now=now)
    assert owner.token is None and owner.error is None
    assert owner.pause_seconds == throttle.ACCOUNT_LONGEST_PAUSE == 10
    assert _attempt(session, staff.email, password=STAFF_PASSWORD, client="192.0.2.44", now=now, waited=10).token


def test_below_ten_failures_nobody_else_slows_the_owner_down(session):
    staff = make_staff(session)
    now = utcnow()
    for attempt in range(9):
        _attempt(session, staff.email, password="wrong-guess", client=f"10.0.0.{attempt}", now=now)
    assert _attempt(session, staff.email, password=STAFF_PASSWORD, client="10.0.0.99", now=now).token


def test_the_guessing_client_waits_longer_after_each_failure_and_only_it(session):
    staff = make_staff(session)
    now, attacker = utcnow(), "203.0.113.5"
    for _ in range(throttle.PAIR_FREE_FAILURES):
        assert _attempt(session, staff.email, password="nope-nope", client=attacker, now=now).error
    _attempt(session, staff.email, password="nope-nope", client=attacker, now=now)  # the fifth: 15 s to wait
    waiting = _attempt(session, staff.email, password=STAFF_PASSWORD, client=attacker, now=now)
    assert waiting.error == "Too many failed attempts. Try again in 15 seconds."
    later = now + timedelta(seconds=16)
    _attempt(session, staff.email, password="nope-again", client=attacker, now=later)  # the sixth: 30 s
    assert "30 seconds" in _attempt(session, staff.email, password=STAFF_PASSWORD, client=attacker, now=later).error
    # The owner, elsewhere, is not refused, and their success forgets the account's failures.
    assert _attempt(session, staff.email, password=STAFF_PASSWORD, client="192.0.2.1", now=later).token


def test_waits_double_up_to_fifteen_minutes_and_a_quiet_quarter_hour_forgets(session):
    staff = make_staff(session)
    moment, attacker, waits = utcnow(), "203.0.113.6", []
    for _ in range(12):  # a patient guesser: waits out every lock and every pause
        _attempt(session, staff.email, password="nope-nope", client=attacker, now=moment, waited=10)
        row = session.exec(
            select(SignInThrottle).where(SignInThrottle.key == throttle._pair_key(staff.email, attacker))
        ).one()
        waits.append(0 if row.locked_until is None else (row.locked_until - moment).total_seconds())
        moment += timedelta(seconds=max(waits[-1], 1))
    assert waits == [0, 0, 0, 0, 15, 30, 60, 120, 240, 480, 900, 900]
    moment += throttle.WINDOW + timedelta(seconds=1)
    assert _attempt(session, staff.email, password="nope-nope", client=attacker, now=moment, waited=10).error == (
        staff_auth.SIGN_IN_REFUSED
    )


async def test_the_sign_in_form_waits_out_the_pause_and_signs_the_owner_in(session, db):
    staff = make_staff(session)
    now = utcnow()
    for attempt in range(throttle.ACCOUNT_PAUSE_FROM):
        _attempt(session, staff.email, password=f"guess-{attempt}", client=f"198.51.100.{attempt}", now=now)
    state = new_state(StaffSignInState)
    connect_from(state, peer="192.0.2.44")
    started = time.monotonic()
    await run_handler(state, "sign_in", {"email": staff.email, "password": STAFF_PASSWORD})
    assert state.error == "" and state.page_load_target.startswith("/api/session/begin")
    assert time.monotonic() - started >= 1.0  # ten failures: a one-second pause, waited on the event loop
