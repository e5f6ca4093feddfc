"""A believable demo pool company: customers, pools, two years of weekly visits, invoices, payments, quotes.

Rows go in with bulk INSERT ... RETURNING so that `--customers 5000` takes minutes, not hours. The same
seed and the same `today` give the same data (photo file names excepted: those are always random).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, update
from sqlmodel import Session, select

from customer_portal.domain.clock import utcnow
from customer_portal.models import (
    CompanyProfile,
    Customer,
    CustomerEmail,
    CustomerStatus,
    PortalLogin,
    PortalSettings,
    ServiceLocation,
    ServiceVisit,
    StaffRole,
    VisitPhoto,
)
from customer_portal.services.accounts import staff_auth
from customer_portal.services.accounts.passwords import hash_password
from customer_portal.services.customers import customer_listing
from customer_portal.services.demo.demo_billing import seed_invoices, seed_quotes
from customer_portal.services.demo.demo_bulk import bulk_insert
from customer_portal.services.demo.demo_pictures import pool_picture
from customer_portal.services.demo.demo_requests import seed_requests
from customer_portal.services.visits.photo_storage import store_jpeg

COMPANY_TIME_ZONE = "America/Phoenix"
DEMO_OWNER_EMAIL = "owner@bluewater-pools.example"
DEMO_OFFICE_EMAIL = "office@bluewater-pools.example"
DEMO_STAFF_PASSWORD = "swim-lessons-42"
DEMO_CUSTOMER_EMAIL = "maria.delgado@example.com"
DEMO_CUSTOMER_PASSWORD = "blue-lagoon-77"

_FIRST = [
    "Maria",
    "James",
    "Priya",
    "Daniel",
    "Aisha",
    "Robert",
    "Mei",
    "Carlos",
    "Hannah",
    "Omar",
    "Grace",
    "Luis",
    "Chloe",
    "Ethan",
    "Sofia",
    "Noah",
    "Zara",
    "Victor",
    "Lena",
    "Marcus",
]
_LAST = [
    "Delgado",
    "Whitfield",
    "Patel",
    "Okafor",
    "Nguyen",
    "Brennan",
    "Castillo",
    "Johansson",
    "Reyes",
    "Kowalski",
    "Tanaka",
    "Moreno",
    "Fischer",
    "Haddad",
    "Lindqvist",
]
_STREETS = [
    "Camelback Rd",
    "Indian School Rd",
    "Shea Blvd",
    "Cactus Rd",
    "Lincoln Dr",
    "McDonald Dr",
    "Thomas Rd",
    "Osborn Rd",
    "Hayden Rd",
    "Scottsdale Rd",
]
_CITIES = ("Phoenix, AZ 85016", "Scottsdale, AZ 85251", "Paradise Valley, AZ 85253", "Tempe, AZ 85281")
_TECHNICIANS = ("Alex Romero", "Jordan Blake", "Sam Okoye", "Taylor Brooks")
_CHECKLIST = (
    "Skimmed surface",
    "Brushed walls and steps",
    "Vacuumed floor",
    "Emptied skimmer baskets",
    "Emptied pump basket",
    "Checked filter pressure",
    "Tested and balanced water",
)
_NOTES = (
    "Water looks great this week. Balanced chemistry and cleaned all baskets.",
    "Lots of leaves after the wind; skimmed twice and emptied the pump basket.",
    "Filter pressure is a little high — we will clean the filter on the next visit.",
    "Noticed a small algae spot by the steps; brushed it and added a shock dose.",
    "Everything running well. Pump sounds normal and the water is clear.",
    "Topped up the salt; the cell is producing chlorine again.",
)


@dataclass(frozen=True)
class DemoSummary:
    customers: int
    service_locations: int
    visits: int
    photos: int
    invoices: int
    payments: int
    quotes: int


def database_is_empty(session: Session) -> bool:
    return session.exec(select(func.count()).select_from(CompanyProfile)).one() == 0


def seed_demo(
    session: Session,
    *,
    customers: int = 40,
    seed: int = 7,
    today: date | None = None,
    history_weeks: int | None = None,
    photo_customers: int = 40,
    bcrypt_cost: int = 12,
) -> DemoSummary:
    """Load the demo company into an empty database."""
    if not database_is_empty(session):
        raise ValueError("The database already has a company; demo data goes only into an empty database.")
    rng = random.Random(seed)
    today = today or utcnow().astimezone(ZoneInfo(COMPANY_TIME_ZONE)).date()
    weeks = history_weeks if history_weeks is not None else (104 if customers <= 200 else 13)

    _company(session)
    for email, name, role in (
        (DEMO_OWNER_EMAIL, "Dana Whitaker", StaffRole.OWNER),
        (DEMO_OFFICE_EMAIL, "Chris Ortega", StaffRole.OFFICE),
    ):
        staff_auth.create_staff_user(
            session, email=email, password=DEMO_STAFF_PASSWORD, name=name, role=role, bcrypt_cost=bcrypt_cost
        )

    customer_rows = [_customer_row(rng, index) for index in range(customers)]
    customer_ids = bulk_insert(session, Customer, customer_rows)
    email_rows = [row for index, cid in enumerate(customer_ids) for row in _email_rows(rng, index, cid)]
    email_ids = bulk_insert(session, CustomerEmail, email_rows)
    session.add(
        PortalLogin(
            customer_email_id=email_ids[0], password_hash=hash_password(DEMO_CUSTOMER_PASSWORD, cost=bcrypt_cost)
        )
    )

    location_rows = [row for index, cid in enumerate(customer_ids) for row in _location_rows(rng, index, cid)]
    location_ids = bulk_insert(session, ServiceLocation, location_rows)
    session.flush()
    customer_listing.refresh_all(session)  # the bulk inserts went past the ORM's flush
    visit_rows = [
        row
        for location_id, location in zip(location_ids, location_rows, strict=True)
        for row in _visit_rows(rng, location_id, location["customer_id"], today, weeks)
    ]
    visit_ids = bulk_insert(session, ServiceVisit, visit_rows)
    _schedule_pools(session, visit_rows)
    photos = _photos(session, rng, visit_ids, visit_rows, set(customer_ids[:photo_customers]), today)

    archived = [row["status"] == CustomerStatus.ARCHIVED for row in customer_rows]
    invoice_count, payment_count = seed_invoices(
        session, rng, list(zip(customer_ids, archived, strict=True)), today, max(1, weeks // 4), COMPANY_TIME_ZONE
    )
    first_email: dict[int, int] = {}
    for row, email_id in zip(email_rows, email_ids, strict=True):
        first_email.setdefault(row["customer_id"], email_id)
    quote_customers = [
        (cid, row["name"], first_email[cid]) for cid, row in zip(customer_ids, customer_rows, strict=True)
    ]
    quote_count = seed_quotes(session, rng, quote_customers, today, COMPANY_TIME_ZONE)
    first_pool: dict[int, int] = {}
    for location_id, location in zip(location_ids, location_rows, strict=True):
        first_pool.setdefault(location["customer_id"], location_id)
    addresses = {row["customer_id"]: row["address"] for row in reversed(email_rows)}  # each customer's first
    active = [
        cid for cid, row in zip(customer_ids, customer_rows, strict=True) if row["status"] != CustomerStatus.ARCHIVED
    ]
    seed_requests(session, [(cid, first_pool[cid], addresses[cid]) for cid in active[:2]], now=utcnow())
    return DemoSummary(customers, len(location_ids), len(visit_ids), photos, invoice_count, payment_count, quote_count)


def _company(session: Session) -> None:
    session.add(
        CompanyProfile(
            name="Bluewater Pool Care",
            phone="(602) 555-0143",
            email="office@bluewater-pools.example",
            address="2150 E Camelback Rd, Phoenix, AZ 85016",
            hours="Mon–Fri 7:00–17:00 · Sat 8:00–12:00",
            website="https://bluewater-pools.example",
            accent_color="#0e7490",
            time_zone=COMPANY_TIME_ZONE,
        )
    )
    session.add(PortalSettings(enabled=True, slug="bluewater"))


def _customer_row(rng: random.Random, index: int) -> dict[str, Any]:
    name = "Maria Delgado" if index == 0 else f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    archived = index % 19 == 18
    return {
        "name": name,
        "company_name": "Desert Palms HOA" if index % 13 == 5 else "",
        "phone": f"(480) 555-{1000 + index % 9000:04d}",
        "status": CustomerStatus.ARCHIVED if archived else CustomerStatus.ACTIVE,
        "notes": "Gate code 4512. Dog in the yard on Fridays." if index % 6 == 0 else "",
        "created_at": utcnow(),
        "updated_at": utcnow(),
    }


def _email_rows(rng: random.Random, index: int, customer_id: int) -> list[dict[str, Any]]:
    if index == 0:
        return [
            {
                "customer_id": customer_id,
                "address": DEMO_CUSTOMER_EMAIL,
                "is_primary": True,
                "send_invoices": True,
                "created_at": utcnow(),
            },
            {
                "customer_id": customer_id,
                "address": "delgado.household@example.com",
                "is_primary": False,
                "send_invoices": False,
                "created_at": utcnow(),
            },
        ]
    rows = [
        {
            "customer_id": customer_id,
            "address": f"customer{index:05d}@example.com",
            "is_primary": True,
            # Customer 1 is the one whose only email has Send Invoices off.
            "send_invoices": index != 1,
            "created_at": utcnow(),
        }
    ]
    if index % 7 == 3:
        rows.append(
            {
                "customer_id": customer_id,
                "address": f"customer{index:05d}.billing@example.com",
                "is_primary": False,
                "send_invoices": True,
                "created_at": utcnow(),
            }
        )
    return rows


def _location_rows(rng: random.Random, index: int, customer_id: int) -> list[dict[str, Any]]:
    address = f"{rng.randint(100, 9999)} E {rng.choice(_STREETS)}, {rng.choice(_CITIES)}"
    rows = [
        {
            "customer_id": customer_id,
            "label": "Main pool",
            "address": address,
            "access_notes": "Side gate on the left; code 4512." if index % 4 == 0 else "",
            "pool_type": rng.choice(("chlorine", "salt")),
            "volume_gallons": rng.choice((12_000, 15_000, 18_000, 22_000)),
            "created_at": utcnow(),
        }
    ]
    if index == 0 or index % 17 == 9:
        rows.append(
            {
                "customer_id": customer_id,
                "label": "Spa",
                "address": address,
                "access_notes": "",
                "pool_type": "chlorine",
                "volume_gallons": 600,
                "created_at": utcnow(),
            }
        )
    return rows


def _schedule_pools(session: Session, visit_rows: list[dict[str, Any]]) -> None:
    """Each pool is serviced every week on the weekday of its visits, since its first one."""
    zone = ZoneInfo(COMPANY_TIME_ZONE)
    first: dict[int, date] = {}
    for row in visit_rows:
        day = row["completed_at"].astimezone(zone).date()
        location = row["service_location_id"]
        first[location] = min(day, first.get(location, day))
    schedules = [
        {"id": location, "service_weekday": day.weekday(), "service_every_weeks": 1, "service_starts_on": day}
        for location, day in first.items()
    ]
    if schedules:
        session.execute(update(ServiceLocation), schedules)


def _visit_rows(
    rng: random.Random, location_id: int, customer_id: int, today: date, weeks: int
) -> list[dict[str, Any]]:
    zone = ZoneInfo(COMPANY_TIME_ZONE)
    route_weekday = rng.randrange(5)
    last = today - timedelta(days=(today.weekday() - route_weekday) % 7 or 7)
    rows = []
    for week in range(weeks):
        day = last - timedelta(weeks=week)
        local = datetime.combine(day, time(rng.randint(7, 15), rng.choice((0, 15, 30, 45))), tzinfo=zone)
        salt = rng.random() < 0.4
        rows.append(
            {
                "service_location_id": location_id,
                "customer_id": customer_id,
                "technician_name": rng.choice(_TECHNICIANS),
                "completed_at": local.astimezone(ZoneInfo("UTC")),
                "notes_for_customer": rng.choice(_NOTES),
                "checklist": rng.sample(_CHECKLIST, rng.randint(4, len(_CHECKLIST))),
                "free_chlorine_ppm": Decimal(rng.choice(("0.5", "1.5", "2.0", "2.5", "3.0", "3.5", "4.0", "6.0"))),
                "ph": Decimal(rng.choice(("7.0", "7.2", "7.4", "7.5", "7.6", "7.8", "8.1"))),
                "total_alkalinity_ppm": rng.randrange(60, 150, 10),
                "cyanuric_acid_ppm": rng.randrange(20, 110, 10),
                "salt_ppm": rng.randrange(2600, 3800, 100) if salt else None,
                "calcium_hardness_ppm": rng.randrange(150, 500, 25),
                "chemicals_added": [
                    {"name": "Liquid chlorine", "amount": rng.choice(("0.5", "1", "1.5")), "unit": "gal"}
                ]
                + ([{"name": "Muriatic acid", "amount": "16", "unit": "oz"}] if rng.random() < 0.3 else []),
                "created_at": utcnow(),
            }
        )
    return rows


def _photos(
    session: Session,
    rng: random.Random,
    visit_ids: list[int],
    visit_rows: list[dict[str, Any]],
    photo_customers: set[int],
    today: date,
) -> int:
    """One picture on each of the four most recent visits of the first customers' pools."""
    recent = today - timedelta(weeks=4)
    rows = []
    for visit_id, visit in zip(visit_ids, visit_rows, strict=True):
        if visit["customer_id"] not in photo_customers or visit["completed_at"].date() < recent:
            continue
        stored = store_jpeg(pool_picture(rng, f"Visit {visit['completed_at']:%Y-%m-%d}"))
        rows.append(
            {
                "visit_id": visit_id,
                "stored_name": stored.stored_name,
                "thumbnail_name": stored.thumbnail_name,
                "content_type": stored.content_type,
                "width": stored.width,
                "height": stored.height,
                "byte_size": stored.byte_size,
                "caption": "After service",
                "created_at": utcnow(),
            }
        )
    return len(bulk_insert(session, VisitPhoto, rows)) if rows else 0
