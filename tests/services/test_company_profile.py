import io

import pytest
from PIL import Image

from customer_portal.models import StaffRole
from customer_portal.services.company import company_profile
from customer_portal.services.company.company_profile import CompanyDetails
from customer_portal.services.errors import NotAuthorized, ValidationFailed
from tests.factories import image_bytes, make_staff


def _form(**changes) -> CompanyDetails:
    values = {
        "name": "Bluewater Pool Care",
        "phone": "(602) 555-0143",
        "email": "Office@Bluewater.example",
        "address": "2150 E Camelback Rd",
        "hours": "Mon–Fri 7–5",
        "website": "https://bluewater.example",
        "accent_color": "#0e7490",
        "time_zone": "America/Phoenix",
    }
    return CompanyDetails(**{**values, **changes})


def test_the_owner_saves_the_company_and_a_clean_logo(session):
    owner = make_staff(session)
    saved = company_profile.save_company(session, staff=owner, form=_form(), logo=image_bytes((1200, 600), gps=True))
    assert saved.email == "office@bluewater.example" and saved.has_logo and saved.country == "US"
    logo = company_profile.logo_file().read_bytes()
    assert b"PhoneMaker" not in logo and max(Image.open(io.BytesIO(logo)).size) == 400


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"email": "office@"}, "email"),
        ({"website": "bluewater"}, "website"),
        ({"accent_color": "teal"}, "accent_color"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"country": "XX"}, "country"),
        ({"country": "EU"}, "country"),  # a region CLDR lists, not a country
    ],
)
def test_bad_company_details_are_refused(session, changes, field):
    with pytest.raises(ValidationFailed) as error:
        company_profile.save_company(session, staff=make_staff(session), form=_form(**changes))
    assert field in error.value.field_errors


def test_a_logo_that_is_not_an_image_is_refused(session):
    with pytest.raises(ValidationFailed) as error:
        company_profile.save_company(session, staff=make_staff(session), form=_form(), logo=b"<svg onload=alert(1)>")
    assert "not a JPEG, PNG or WebP" in error.value.field_errors["logo"]


def test_office_staff_cannot_change_the_company(session):
    with pytest.raises(NotAuthorized):
        company_profile.save_company(session, staff=make_staff(session, role=StaffRole.OFFICE), form=_form())


def test_the_country_is_saved_as_its_code(session):
    saved = company_profile.save_company(session, staff=make_staff(session), form=_form(country=" gb "))
    assert saved.country == "GB"
