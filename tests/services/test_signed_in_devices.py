"""The devices an account is signed in on: only its own live sessions, named by browser and system, this one
marked; another one can be signed out from the list, this one and other accounts' cannot."""

from __future__ import annotations

import pytest
from sqlmodel import select

from customer_portal.models import SessionKind, UserSession
from customer_portal.services.accounts import customer_auth, sessions, signed_in_devices, staff_auth, view_as_customer
from customer_portal.services.errors import ServiceError
from tests.factories import STAFF_PASSWORD, make_portal_customer, make_staff

IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Version/18.1 Mobile Safari/604.1"
LAPTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0.0.0 Safari/537.36"


def _signed_in(session, login_id: int, agent: str, ip: str) -> str:
    """A session the way a browser gets one: started, then its cookie claimed by that browser."""
    token = sessions.start_session(session, kind=SessionKind.CUSTOMER, portal_login_id=login_id, client_ip=ip)
    code = sessions.begin_handoff(session, token=token)
    cookie, _ = sessions.claim_handoff(session, code=code, user_agent=agent)
    session.commit()
    return cookie


def test_a_customer_sees_their_devices_and_signs_one_out(session):
    _, ana, _ = make_portal_customer(session, name="Ana Alpha")
    _, bo, _ = make_portal_customer(session, name="Bo Beta")
    phone = _signed_in(session, ana.login_id, IPHONE, "198.51.100.7")
    laptop = _signed_in(session, ana.login_id, LAPTOP, "203.0.113.9")
    bos = _signed_in(session, bo.login_id, LAPTOP, "192.0.2.1")
    devices = signed_in_devices.customer_devices(session, customer=ana, current_token=phone)
    listed = {(d.device, d.address, d.this_device) for d in devices}
    assert ("Safari on iPhone", "198.51.100.7", True) in listed and (
        "Chrome on Windows",
        "203.0.113.9",
        False,
    ) in listed
    assert "192.0.2.1" not in {d.address for d in devices}  # Bo's are Bo's

    this = next(d for d in devices if d.this_device)
    with pytest.raises(ServiceError, match="use Sign out"):
        signed_in_devices.end_customer_device(session, customer=ana, current_token=phone, session_id=this.id)
    bo_session = session.exec(select(UserSession.id).where(UserSession.portal_login_id == bo.login_id)).first()
    with pytest.raises(ServiceError, match="already signed out"):  # the same words as for no such session
        signed_in_devices.end_customer_device(session, customer=ana, current_token=phone, session_id=bo_session)
    other = next(d for d in devices if d.address == "203.0.113.9")
    signed_in_devices.end_customer_device(session, customer=ana, current_token=phone, session_id=other.id)
    session.commit()
    assert customer_auth.current_customer(session, token=laptop) is None
    assert customer_auth.current_customer(session, token=phone) is not None
    assert customer_auth.current_customer(session, token=bos) is not None
    assert "203.0.113.9" not in {
        d.address for d in signed_in_devices.customer_devices(session, customer=ana, current_token=phone)
    }


def test_a_staff_list_leaves_out_view_as_customer_sessions(session):
    staff = make_staff(session, email="dana@pools.example")
    _, ana, _ = make_portal_customer(session, name="Ana Alpha")
    here = staff_auth.sign_in(session, email=staff.email, password=STAFF_PASSWORD, client_ip="a").token
    view_as_customer.start_view(session, staff=staff, customer_email_id=ana.email_id)
    session.commit()
    (only,) = signed_in_devices.staff_devices(session, staff=staff, current_token=here)
    assert only.this_device and only.device == "Unknown browser"  # signed in without a browser's cookie claim
