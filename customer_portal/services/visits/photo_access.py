"""Who may see a visit photo: any signed-in staff member, or the customer whose visit it is (when the
portal shows photos). Everyone else is told nothing, not even whether the photo exists."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from customer_portal.models import PortalSettings, ServiceVisit, VisitPhoto
from customer_portal.services.accounts import staff_auth
from customer_portal.services.accounts.customer_auth import current_customer
from customer_portal.services.visits.photo_storage import photo_directory


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
