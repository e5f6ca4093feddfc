"""Demo service requests: one the office has answered and closed (the demo customer's), and one new one waiting in
the office's inbox, so both sides of the feature have something to show."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from customer_portal.models import RequestKind, RequestStatus, ServiceRequest, ServiceRequestReply, id_of


def seed_requests(session: Session, customers: list[tuple[int, int, str]], *, now: datetime) -> None:
    """`customers`: (customer id, a pool's id, an email address), the demo customer first."""
    examples = (
        (
            RequestKind.EQUIPMENT,
            "The pump makes a grinding noise for a minute every time it starts.",
            RequestStatus.CLOSED,
            timedelta(days=20),
            "We replaced the pump's bearings at this week's visit; it starts quietly now.",
        ),
        (
            RequestKind.WATER,
            "The water turned cloudy after the party on Saturday.",
            RequestStatus.NEW,
            timedelta(days=1),
            "",
        ),
    )
    for (customer_id, pool_id, address), (kind, description, status, age, reply) in zip(
        customers, examples, strict=False
    ):
        request = ServiceRequest(
            customer_id=customer_id,
            service_location_id=pool_id,
            kind=kind,
            description=description,
            preferred_days=[0, 2],
            status=status,
            requested_by=address,
            created_at=now - age,
            updated_at=now - age + timedelta(days=2 if reply else 0),
        )
        session.add(request)
        session.flush()
        if reply:
            session.add(
                ServiceRequestReply(request_id=id_of(request), body=reply, created_at=now - age + timedelta(days=2))
            )
