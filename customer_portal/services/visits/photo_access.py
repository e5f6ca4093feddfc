"""Who may see a visit photo: any signed-in staff member, or the customer whose visit it is (when the
portal shows photos), and a visit report's reader its thumbnails for a while. Everyone else is told nothing,
not even whether the photo exists."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session, select

from customer_portal import routes
from customer_portal.models import PortalSettings, ServiceVisit, VisitPhoto
from customer_portal.services.accounts import staff_auth, tokens
from customer_portal.services.accounts.customer_auth import current_customer
from customer_portal.services.visits.photo_storage import photo_directory
from customer_portal.settings import settings


def photo_file_for_viewer(
    session: Session, *, photo_id: int, thumbnail: bool, staff_token: str, customer_token: str
) -> Path | None:
    photo = session.get(VisitPhoto, photo_id)
    if photo is None or not _may_view(session, photo, staff_token=staff_token, customer_token=customer_token):
        return None
    path = photo_directory() / (photo.thumbnail_name if thumbnail else photo.stored_name)
    return path if path.is_file() else None


def _may_view(session: Session, photo: VisitPhoto, *, staff_token: str, customer_token: str) -> bool:
    if staff_token and staff_auth.current_staff(session, token=staff_token) is not None:
        return True
    if not customer_token:
        return False
    customer = current_customer(session, token=customer_token)
    visit = session.get(ServiceVisit, photo.visit_id)
    shows_photos = session.exec(
        select(PortalSettings.include_service_history, PortalSettings.include_photos)
    ).first() or (False, False)
    return (
        customer is not None and visit is not None and visit.customer_id == customer.customer_id and all(shows_photos)
    )


EMAIL_PHOTO_DAYS = 30
_EMAIL_PHOTO = "email-photo"


def email_thumbnail_url(photo_id: int, *, today: date) -> str:
    """A visit report's picture of one photo: its thumbnail only, for EMAIL_PHOTO_DAYS, signed so that nobody can
    reach another photo by changing the number. Email clients fetch images without the portal's cookie (Gmail
    through its own proxy), so a link behind sign-in would show a broken image."""
    until = (today + timedelta(days=EMAIL_PHOTO_DAYS)).toordinal()
    token = tokens.signed(_EMAIL_PHOTO, f"{photo_id}.{until}")
    return settings.public_url + str(routes.path_to(routes.API_EMAIL_PHOTO, token=token))


def email_thumbnail_file(session: Session, *, token: str, today: date) -> Path | None:
    """The thumbnail a visit report's link names, while the link is young and the portal still shows photos."""
    photo_id, _, until = (tokens.verified(_EMAIL_PHOTO, token[:200]) or "").partition(".")
    if not (photo_id.isdigit() and until.isdigit()) or int(until) < today.toordinal():
        return None
    photo = session.get(VisitPhoto, int(photo_id))
    shown = session.exec(
        select(PortalSettings.enabled, PortalSettings.include_service_history, PortalSettings.include_photos)
    ).first()
    if photo is None or shown is None or not all(shown):
        return None
    path = photo_directory() / photo.thumbnail_name
    return path if path.is_file() else None
