"""Photo uploads are real images, lose their EXIF, and are served only to staff and their owner."""

import io

import pytest
from PIL import Image
from sqlmodel import select
from starlette.testclient import TestClient

from customer_portal.api.app import build_api
from customer_portal.cookies import CUSTOMER_SESSION_COOKIE, STAFF_SESSION_COOKIE
from customer_portal.models import CustomerEmail, PortalLogin, PortalSettings, ServiceLocation, SessionKind, VisitPhoto
from customer_portal.routes import photo_url
from customer_portal.services.accounts import sessions, staff_auth
from customer_portal.services.visits import photo_upload, visits
from customer_portal.services.visits.photo_upload import PhotoRejected, UploadedPhoto, store_uploaded_photo
from customer_portal.services.visits.visits import VisitForm
from customer_portal.settings import settings
from tests.factories import STAFF_PASSWORD, image_bytes, make_customer, make_staff


def test_a_non_image_renamed_jpg_is_refused():
    with pytest.raises(PhotoRejected, match=r"invoice\.jpg is not a JPEG, PNG or WebP image"):
        store_uploaded_photo(UploadedPhoto("invoice.jpg", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>"))


def test_other_image_formats_are_refused():
    with pytest.raises(PhotoRejected, match="not a JPEG, PNG or WebP"):
        store_uploaded_photo(UploadedPhoto("scan.gif", image_bytes(image_format="GIF")))


def test_an_image_over_the_pixel_limit_is_refused_before_decoding():
    huge = Image.new("1", (8000, 5001))  # 40,008,000 pixels; 1 bit each keeps the test light
    buffer = io.BytesIO()
    huge.save(buffer, "PNG")
    with pytest.raises(PhotoRejected, match="too many pixels"):
        store_uploaded_photo(UploadedPhoto("panorama.png", buffer.getvalue()))


def test_a_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(photo_upload, "MAX_UPLOAD_BYTES", 1000)
    with pytest.raises(PhotoRejected, match="larger than"):
        store_uploaded_photo(UploadedPhoto("big.jpg", image_bytes((400, 400))))


def test_exif_and_gps_are_gone_after_upload():
    original = image_bytes(gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the upload did carry a position
    stored = store_uploaded_photo(UploadedPhoto("IMG_0042.jpg", original))
    for name in (stored.stored_name, stored.thumbnail_name):
        data = (settings.photo_dir / name).read_bytes()
        assert b"Exif" not in data and b"PhoneMaker" not in data
        assert not Image.open(io.BytesIO(data)).getexif()


def test_large_photos_are_scaled_down_and_get_a_thumbnail():
    stored = store_uploaded_photo(UploadedPhoto("wide.webp", image_bytes((4000, 1000), "WEBP")))
    assert (stored.width, stored.height) == (2560, 640)
    assert Image.open(settings.photo_dir / stored.thumbnail_name).size == (320, 80)


@pytest.fixture
def two_customers_with_a_photo_each(session):
    """Customer A and B, each with one visit photo and a live portal session."""
    session.add(PortalSettings(enabled=True, slug="bluewater"))
    staff = make_staff(session)
    result = {}
    for key in ("a", "b"):
        customer = make_customer(session, name=f"Customer {key.upper()}")
        pool = session.exec(select(ServiceLocation).where(ServiceLocation.customer_id == customer.id)).one()
        form = VisitForm(pool.id, "2026-01-05", "10:00", technician_name="Alex")
        visit_id = visits.record_visit(
            session, staff=staff, form=form, photos=[UploadedPhoto("p.jpg", image_bytes(color=(1, 2, 3)))]
        )
        email = session.exec(select(CustomerEmail).where(CustomerEmail.customer_id == customer.id)).one()
        login = PortalLogin(customer_email_id=email.id, password_hash="not used here")
        session.add(login)
        session.flush()
        token = sessions.start_session(session, kind=SessionKind.CUSTOMER, portal_login_id=login.id)
        photo = session.exec(select(VisitPhoto).where(VisitPhoto.visit_id == visit_id)).one()
        result[key] = {"token": token, "photo": photo.id}
    staff_token = staff_auth.sign_in(session, email=staff.email, password=STAFF_PASSWORD, client_ip="t").token
    session.commit()
    result["staff_token"] = staff_token
    return result


def _get(url: str, **cookies: str) -> int:
    with TestClient(build_api(), cookies=cookies) as client:
        response = client.get(url)
        if response.status_code == 200:
            assert response.headers["content-type"] == "image/jpeg"
            assert response.headers["cache-control"].startswith("private")
        return response.status_code


def test_the_owner_and_staff_see_a_photo(two_customers_with_a_photo_each):
    data = two_customers_with_a_photo_each
    photo = data["a"]["photo"]
    assert _get(photo_url(photo), **{CUSTOMER_SESSION_COOKIE: data["a"]["token"]}) == 200
    assert _get(photo_url(photo, thumbnail=True), **{CUSTOMER_SESSION_COOKIE: data["a"]["token"]}) == 200
    assert _get(photo_url(photo), **{STAFF_SESSION_COOKIE: data["staff_token"]}) == 200


def test_a_customer_cannot_fetch_another_customers_photo(two_customers_with_a_photo_each):
    data = two_customers_with_a_photo_each
    for url in (photo_url(data["a"]["photo"]), photo_url(data["a"]["photo"], thumbnail=True)):
        assert _get(url, **{CUSTOMER_SESSION_COOKIE: data["b"]["token"]}) == 404


def test_an_anonymous_or_forged_request_is_refused(two_customers_with_a_photo_each):
    photo = two_customers_with_a_photo_each["a"]["photo"]
    assert _get(photo_url(photo)) == 404
    assert _get(photo_url(photo), **{STAFF_SESSION_COOKIE: "forged", CUSTOMER_SESSION_COOKIE: "forged"}) == 404
    # A customer's token in the staff cookie is still only a customer's token.
    assert _get(photo_url(photo), **{STAFF_SESSION_COOKIE: two_customers_with_a_photo_each["a"]["token"]}) == 404
    assert _get(photo_url(999_999), **{STAFF_SESSION_COOKIE: two_customers_with_a_photo_each["staff_token"]}) == 404


def test_customers_lose_access_when_photos_are_hidden_or_the_session_ends(session, two_customers_with_a_photo_each):
    data = two_customers_with_a_photo_each
    settings_row = session.exec(select(PortalSettings)).one()
    settings_row.include_photos = False
    session.add(settings_row)
    session.commit()
    assert _get(photo_url(data["a"]["photo"]), **{CUSTOMER_SESSION_COOKIE: data["a"]["token"]}) == 404
    assert _get(photo_url(data["a"]["photo"]), **{STAFF_SESSION_COOKIE: data["staff_token"]}) == 200
    staff_auth.sign_out(session, token=data["staff_token"])
    session.commit()
    assert _get(photo_url(data["a"]["photo"]), **{STAFF_SESSION_COOKIE: data["staff_token"]}) == 404
