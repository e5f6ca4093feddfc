"""Two-factor for staff: setting it up, the sign-in's second step (the 30-second window, a code used only once,
recovery codes used only once, throttling, 100 wrong codes), remembered browsers, when it is required, turning
it off, an owner's reset, and what never leaves the server."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from sqlmodel import select

from customer_portal.api import session_cookies
from customer_portal.domain.clock import utcnow
from customer_portal.models import (
    AuditLogEntry,
    OutboxEmail,
    RecoveryCode,
    StaffRole,
    StaffUser,
    TrustedBrowser,
    UserSession,
)
from customer_portal.services.accounts import (
    password_change,
    remembered_browsers,
    sessions,
    staff_auth,
    team,
    two_factor,
    two_factor_account,
)
from customer_portal.services.accounts.tokens import token_hash
from customer_portal.services.errors import NotAuthorized, ServiceError, ValidationFailed
from customer_portal.settings import settings
from tests.factories import STAFF_PASSWORD, authenticator, make_staff, next_code


def _password_step(session, staff, *, client="10.0.0.1", remembered="", now=None):
    result = staff_auth.sign_in(
        session, email=staff.email, password=STAFF_PASSWORD, client_ip=client, remembered_browser=remembered, now=now
    )
    session.commit()
    return result


def _code_step(session, challenge, code, *, client="10.0.0.1", remember=False, now=None):
    result = staff_auth.finish_sign_in(
        session, challenge=challenge, code=code, remember=remember, client_ip=client, now=now
    )
    session.commit()
    return result


def _set_up(session, staff) -> tuple[pyotp.TOTP, list[str]]:
    """Two-factor set up through My account: the app (its current code spent) and the recovery codes."""
    prompt = two_factor_account.begin_setup(session, staff=staff)
    app = pyotp.TOTP(prompt.secret.replace(" ", ""))
    codes = two_factor_account.confirm_setup(session, staff=staff, code=app.now(), session_token="")
    session.commit()
    return app, codes


def _session_row(session, token) -> UserSession:
    return session.exec(select(UserSession).where(UserSession.token_hash == token_hash(token))).one()


def _emails(session, to: str) -> list[str]:
    rows = session.exec(select(OutboxEmail.subject).where(OutboxEmail.to_address == to).order_by(OutboxEmail.id)).all()
    return list(rows)


def test_setting_up_needs_a_code_from_the_app_and_gives_ten_codes_stored_only_hashed(session):
    dana = make_staff(session, role=StaffRole.OFFICE)
    prompt = two_factor_account.begin_setup(session, staff=dana)
    assert prompt.qr_code.startswith("data:image/svg+xml;base64,")
    app = pyotp.TOTP(prompt.secret.replace(" ", ""))
    with pytest.raises(ValidationFailed):
        two_factor_account.confirm_setup(
            session, staff=dana, code="000000" if app.now() != "000000" else "111111", session_token=""
        )
    codes = two_factor_account.confirm_setup(session, staff=dana, code=app.now(), session_token="")
    session.commit()

    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(len(code) == 19 and code.count("-") == 3 for code in codes)  # xxxx-xxxx-xxxx-xxxx: 80 bits
    user = session.get(StaffUser, dana.id)
    assert two_factor.is_on(user) and user.totp_pending_secret_sealed is None
    assert prompt.secret.replace(" ", "") not in (user.totp_secret_sealed or "")  # sealed, not stored plain
    stored = " ".join(row.code_hash + row.salt for row in session.exec(select(RecoveryCode)))
    assert not any(code.replace("-", "") in stored for code in codes)
    assert two_factor_account.status(session, staff=dana).recovery_codes_left == 10
    assert session.exec(select(AuditLogEntry.action).where(AuditLogEntry.action == "staff.two_factor_on")).all()
    assert _emails(session, dana.email) == ["Two-factor is on for your office login"]


def test_signing_in_takes_the_password_then_a_code(session):
    dana = make_staff(session, two_factor=True)
    first = _password_step(session, dana)
    assert first.token is None and first.challenge and not first.must_set_up
    done = _code_step(session, first.challenge, next_code(authenticator(session, dana.id)))
    assert done.token and done.identity.id == dana.id
    assert _session_row(session, done.token).second_factor_at is not None
    assert staff_auth.current_staff(session, token=done.token).id == dana.id
    (entry,) = session.exec(
        select(AuditLogEntry).where(AuditLogEntry.action == "staff.signed_in").order_by(AuditLogEntry.id.desc())
    ).all()[:1]
    assert entry.details["second_factor"] == "authenticator app"
    # The challenge is single use: it cannot sign in a second browser.
    with pytest.raises(ServiceError, match="Enter your email and password again"):
        _code_step(session, first.challenge, next_code(authenticator(session, dana.id), 2))


def test_a_wrong_password_never_reaches_the_code_step(session):
    dana = make_staff(session, two_factor=True)
    wrong = staff_auth.sign_in(session, email=dana.email, password="not-it-at-all", client_ip="a")
    assert wrong.challenge is None and wrong.token is None and wrong.error == staff_auth.SIGN_IN_REFUSED


def test_a_code_counts_one_step_either_side_of_now_and_no_further(session):
    dana = make_staff(session, two_factor=True)
    app = authenticator(session, dana.id)
    later = utcnow() + timedelta(minutes=10)  # past every step the setup used
    for offset, accepted in ((-90, False), (-60, False), (60, False), (90, False), (-30, True)):
        challenge = _password_step(session, dana, now=later).challenge
        result = _code_step(session, challenge, app.at(later + timedelta(seconds=offset)), now=later)
        assert bool(result.token) is accepted, offset
    challenge = _password_step(session, dana, now=later).challenge
    assert _code_step(session, challenge, app.at(later + timedelta(seconds=30)), now=later).token


def test_a_code_signs_in_once_even_in_a_new_sign_in(session):
    dana = make_staff(session, two_factor=True)
    code = next_code(authenticator(session, dana.id))
    assert _code_step(session, _password_step(session, dana).challenge, code).token
    replay = _code_step(session, _password_step(session, dana, client="10.9.9.9").challenge, code, client="10.9.9.9")
    assert replay.token is None and replay.error == two_factor.WRONG_CODE
    # An older code than the last one used is refused too (its step is behind).
    older = authenticator(session, dana.id).now()
    assert _code_step(session, _password_step(session, dana).challenge, older).token is None


def test_each_recovery_code_signs_in_once_however_it_is_typed(session):
    dana = make_staff(session)
    _, codes = _set_up(session, dana)
    typed = "  " + codes[3].upper().replace("-", " ") + " "
    result = _code_step(session, _password_step(session, dana).challenge, typed)
    assert result.token
    assert two_factor_account.status(session, staff=dana).recovery_codes_left == 9
    again = _code_step(session, _password_step(session, dana).challenge, codes[3])
    assert again.token is None
    assert _emails(session, dana.email)[-1] == "A recovery code was used to sign in"


def test_new_recovery_codes_replace_the_old_and_need_a_fresh_code_from_the_app(session):
    dana = make_staff(session)
    app, first = _set_up(session, dana)
    with pytest.raises(ValidationFailed):  # a recovery code is not proof of the phone
        two_factor_account.new_recovery_codes(session, staff=dana, code=first[0], client_ip="a")
    with pytest.raises(ValidationFailed):  # nor is the code already used to set up
        two_factor_account.new_recovery_codes(session, staff=dana, code=app.now(), client_ip="a")
    second = two_factor_account.new_recovery_codes(session, staff=dana, code=next_code(app), client_ip="a")
    session.commit()
    assert not set(first) & set(second)
    assert _code_step(session, _password_step(session, dana).challenge, first[0]).token is None
    assert _code_step(session, _password_step(session, dana).challenge, second[0]).token
    assert "New recovery codes for your office login" in _emails(session, dana.email)


def test_wrong_codes_are_throttled_like_passwords(session):
    dana = make_staff(session, two_factor=True)
    challenge = _password_step(session, dana).challenge
    answers = [_code_step(session, challenge, "123456") for _ in range(6)]
    assert [answer.error for answer in answers[:5]] == [two_factor.WRONG_CODE] * 5
    assert answers[5].error.startswith("Too many failed attempts")
    # Another client (the real person, elsewhere) is not locked out by it.
    other = _password_step(session, dana, client="10.2.2.2").challenge
    assert _code_step(session, other, next_code(authenticator(session, dana.id)), client="10.2.2.2").token


def test_after_a_hundred_wrong_codes_only_a_recovery_code_signs_in(session):
    dana = make_staff(session)
    app, codes = _set_up(session, dana)
    user = session.get(StaffUser, dana.id)
    user.second_factor_failures = two_factor.MOST_WRONG_CODES
    session.add(user)
    session.commit()
    right = _code_step(session, _password_step(session, dana).challenge, next_code(app))
    assert right.token is None and right.error == two_factor.TOO_MANY_WRONG
    assert _code_step(session, _password_step(session, dana).challenge, codes[0]).token
    session.refresh(user)
    assert user.second_factor_failures == 0


def test_a_challenge_lasts_ten_minutes_and_ends_with_the_account(session):
    dana = make_staff(session, two_factor=True, role=StaffRole.OFFICE)
    boss = make_staff(session, two_factor=True)
    app = authenticator(session, dana.id)
    challenge = _password_step(session, dana).challenge
    later = utcnow() + timedelta(minutes=11)
    with pytest.raises(ServiceError, match="10 minutes"):
        _code_step(session, challenge, app.at(later), now=later)
    challenge = _password_step(session, dana).challenge
    team.deactivate(session, staff=boss, member_id=dana.id)
    session.commit()
    with pytest.raises(ServiceError):
        _code_step(session, challenge, next_code(app))


def _claim_with_cookie(session, token) -> str:
    """What the browser's visit to /api/session/begin does: the remembered-browser cookie's value, if any."""
    code = sessions.begin_handoff(session, token=token)
    session.commit()
    claimed = session_cookies._claim(code, "Mozilla/5.0 (Macintosh) Firefox/140.0")
    return claimed.remembered_browser


def test_a_remembered_browser_skips_the_code_for_thirty_days_and_only_for_its_person(session, db):
    dana = make_staff(session, two_factor=True)
    sam = make_staff(session, two_factor=True)
    first = _code_step(
        session, _password_step(session, dana).challenge, next_code(authenticator(session, dana.id)), remember=True
    )
    remembered = _claim_with_cookie(session, first.token)
    assert remembered and session.exec(select(TrustedBrowser)).one().token_hash == token_hash(remembered)

    again = _password_step(session, dana, remembered=remembered)
    assert again.token and again.challenge is None
    assert _session_row(session, again.token).second_factor_at is not None
    assert _password_step(session, sam, remembered=remembered).challenge  # not Sam's browser
    later = utcnow() + remembered_browsers.REMEMBER_FOR + timedelta(minutes=1)
    assert _password_step(session, dana, remembered=remembered, now=later).challenge
    # Without "remember", the cookie route sets no such cookie.
    plain = _code_step(session, _password_step(session, sam).challenge, next_code(authenticator(session, sam.id)))
    assert _claim_with_cookie(session, plain.token) == ""


def test_a_new_password_or_signing_out_everywhere_forgets_remembered_browsers(session, db):
    dana = make_staff(session, two_factor=True)
    token = _code_step(
        session, _password_step(session, dana).challenge, next_code(authenticator(session, dana.id)), remember=True
    ).token
    remembered = _claim_with_cookie(session, token)
    password_change.sign_out_staff_elsewhere(session, staff=dana, session_token="")
    session.commit()
    assert _password_step(session, dana, remembered=remembered).challenge


def test_owners_must_set_it_up_while_payments_are_activated(session, stripe):
    owner = make_staff(session)
    office = make_staff(session, role=StaffRole.OFFICE)
    assert _password_step(session, office).token  # office staff: their choice
    result = _password_step(session, owner)
    assert result.token is None and result.must_set_up
    prompt = staff_auth.begin_setup_at_sign_in(session, challenge=result.challenge)
    session.commit()
    app = pyotp.TOTP(prompt.secret.replace(" ", ""))
    with pytest.raises(ValidationFailed):
        staff_auth.finish_setup_at_sign_in(session, challenge=result.challenge, code="12345x", client_ip="a")
    done = staff_auth.finish_setup_at_sign_in(session, challenge=result.challenge, code=app.now(), client_ip="a")
    session.commit()
    assert done.token and len(done.recovery_codes) == 10
    entry = session.exec(select(AuditLogEntry).where(AuditLogEntry.action == "staff.two_factor_on")).one()
    assert entry.staff_user_id == owner.id  # set up while signing in is audited as in My account
    assert staff_auth.current_staff(session, token=done.token).id == owner.id
    with pytest.raises(ServiceError, match="cannot be turned off"):
        two_factor_account.turn_off(session, staff=owner, password=STAFF_PASSWORD, client_ip="a")


def test_a_session_without_a_second_factor_ends_when_it_becomes_required(session):
    boss = make_staff(session, two_factor=True)
    office = make_staff(session, role=StaffRole.OFFICE)
    token = _password_step(session, office).token
    assert staff_auth.current_staff(session, token=token) is not None
    team.require_two_factor(session, staff=boss, required=True)
    session.commit()
    assert staff_auth.current_staff(session, token=token) is None
    assert _password_step(session, office).must_set_up
    assert session.exec(select(AuditLogEntry).where(AuditLogEntry.action == "team.two_factor_required")).one()
    team.require_two_factor(session, staff=boss, required=False)
    session.commit()
    assert _password_step(session, office).token


def test_only_an_owner_with_two_factor_can_require_it_for_everyone(session):
    owner = make_staff(session)
    office = make_staff(session, role=StaffRole.OFFICE, two_factor=True)
    with pytest.raises(ServiceError, match="yourself first"):
        team.require_two_factor(session, staff=owner, required=True)
    with pytest.raises(NotAuthorized):
        team.require_two_factor(session, staff=office, required=True)
    assert not two_factor.required_for_all(session)


def test_joining_a_team_that_requires_it_leads_to_setting_it_up(session):
    boss = make_staff(session, two_factor=True)
    team.require_two_factor(session, staff=boss, required=True)
    team.invite(session, staff=boss, email="new@pools.example", name="New Hire", role="office")
    session.commit()
    body = session.exec(select(OutboxEmail.text_body).where(OutboxEmail.template == "staff_invite")).one()
    token = body.split("token=")[1].split()[0]
    assert (
        team.join(
            session, token=token, password="harbor-lights-77-x", password_again="harbor-lights-77-x", client_ip="a"
        )
        is None
    )
    session.commit()
    newcomer = session.exec(select(StaffUser).where(StaffUser.email == "new@pools.example")).one()
    result = staff_auth.sign_in(session, email=newcomer.email, password="harbor-lights-77-x", client_ip="a")
    assert result.must_set_up


def test_turning_it_off_takes_the_password_and_forgets_everything(session, db):
    dana = make_staff(session, two_factor=True, role=StaffRole.OFFICE)
    token = _code_step(
        session, _password_step(session, dana).challenge, next_code(authenticator(session, dana.id)), remember=True
    ).token
    _claim_with_cookie(session, token)
    with pytest.raises(ValidationFailed):
        two_factor_account.turn_off(session, staff=dana, password="not-my-password", client_ip="a")
    two_factor_account.turn_off(session, staff=dana, password=STAFF_PASSWORD, client_ip="a")
    session.commit()
    user = session.get(StaffUser, dana.id)
    assert not two_factor.is_on(user) and user.totp_secret_sealed is None
    assert session.exec(select(RecoveryCode)).all() == [] and session.exec(select(TrustedBrowser)).all() == []
    assert _password_step(session, dana).token  # the password alone again
    assert _emails(session, dana.email)[-1] == "Two-factor is off for your office login"


def test_an_owner_resets_a_members_two_factor_audited_and_signed_out(session):
    boss = make_staff(session, two_factor=True)
    dana = make_staff(session, two_factor=True, role=StaffRole.OFFICE)
    token = _code_step(
        session, _password_step(session, dana).challenge, next_code(authenticator(session, dana.id))
    ).token
    with pytest.raises(NotAuthorized):
        team.reset_two_factor(session, staff=dana, member_id=boss.id)
    with pytest.raises(ServiceError, match="My account"):
        team.reset_two_factor(session, staff=boss, member_id=boss.id)
    team.reset_two_factor(session, staff=boss, member_id=dana.id)
    session.commit()
    assert not two_factor.is_on(session.get(StaffUser, dana.id))
    assert staff_auth.current_staff(session, token=token) is None
    entry = session.exec(select(AuditLogEntry).where(AuditLogEntry.action == "staff.two_factor_reset")).one()
    assert entry.staff_user_id == boss.id and entry.entity_id == dana.id
    assert _emails(session, dana.email)[-1] == "Two-factor is off for your office login"
    assert [member.two_factor for member in team.team(session, staff=boss) if member.id == dana.id] == [False]


def test_with_secret_key_changed_the_app_code_fails_but_a_recovery_code_still_works(session, monkeypatch):
    dana = make_staff(session)
    app, codes = _set_up(session, dana)
    monkeypatch.setattr(settings, "secret_key", "a-different-secret-key-for-this-test-0123456789")
    assert _code_step(session, _password_step(session, dana).challenge, next_code(app)).token is None
    assert _code_step(session, _password_step(session, dana).challenge, codes[0]).token


async def test_the_sign_in_page_asks_for_the_code_and_remembers_the_browser_by_an_http_only_cookie(session, db):
    """Through the sign-in page's state and the cookie route, as a browser meets them: the challenge never
    reaches the browser; "remember" sets a 30-day HttpOnly cookie; with it the next sign-in skips the code."""
    from starlette.testclient import TestClient

    from customer_portal.api.app import build_api
    from customer_portal.cookies import STAFF_REMEMBERED_BROWSER_COOKIE
    from customer_portal.state.staff_sign_in import StaffSignInState
    from tests.state_harness import new_state, public_values, run_handler

    dana = make_staff(session)
    app, _ = _set_up(session, dana)
    state = new_state(StaffSignInState)
    await run_handler(state, "sign_in", {"email": dana.email, "password": STAFF_PASSWORD})
    assert state.step == "code" and state.page_load_target == ""
    assert state._challenge and state._challenge not in repr(public_values(state))
    await run_handler(state, "enter_code", {"code": "000000" if next_code(app) != "000000" else "111111"})
    assert state.error == two_factor.WRONG_CODE and state.page_load_target == ""
    await run_handler(state, "enter_code", {"code": next_code(app), "remember": True})
    assert state.page_load_target
    with TestClient(build_api(), base_url="http://localhost:3000", follow_redirects=False) as client:
        answer = client.get(state.page_load_target)
    cookies = answer.headers.get_list("set-cookie")
    (remembered,) = [cookie for cookie in cookies if cookie.startswith(STAFF_REMEMBERED_BROWSER_COOKIE + "=")]
    assert "HttpOnly" in remembered and "Max-Age=2592000" in remembered and "SameSite=lax" in remembered
    value = remembered.split(";")[0].split("=", 1)[1]

    later = new_state(StaffSignInState)
    root = later
    while root.parent_state is not None:
        root = root.parent_state
    from reflex.istate.data import HeaderData

    root.rx_router_headers = HeaderData(cookie=f"{STAFF_REMEMBERED_BROWSER_COOKIE}={value}")
    await run_handler(later, "sign_in", {"email": dana.email, "password": STAFF_PASSWORD})
    assert later.step == "password" and later.page_load_target  # straight in


def test_setting_it_up_in_my_account_keeps_that_session_when_it_becomes_required(session):
    """The code that confirmed the app proves the phone: the page it was entered on stays signed in when two-factor
    becomes required; the person's other sessions (password only) do not."""
    boss = make_staff(session, two_factor=True)
    office = make_staff(session, role=StaffRole.OFFICE)
    here = _password_step(session, office).token
    elsewhere = _password_step(session, office, client="10.3.3.3").token
    prompt = two_factor_account.begin_setup(session, staff=office)
    app = pyotp.TOTP(prompt.secret.replace(" ", ""))
    two_factor_account.confirm_setup(session, staff=office, code=app.now(), session_token=here)
    team.require_two_factor(session, staff=boss, required=True)
    session.commit()
    assert staff_auth.current_staff(session, token=here) is not None
    assert staff_auth.current_staff(session, token=elsewhere) is None
