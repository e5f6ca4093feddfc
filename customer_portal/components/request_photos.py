"""The photos sent with a service request: thumbnails, each a link to the full picture (the photo route checks
who is asking), for the customer's page and the office's alike."""

from __future__ import annotations

import reflex as rx

from customer_portal import routes
from customer_portal.components.layout import plain_link
from customer_portal.i18n import _


def _photo(photo_id: rx.Var) -> rx.Component:
    return plain_link(
        rx.image(
            src=routes.path_to(routes.API_REQUEST_PHOTO_THUMBNAIL, photo_id=photo_id.to_string()),
            alt=_("Photo sent with the request"),
            width="100%",
            border_radius="6px",
            class_name="request-photo",
        ),
        href=routes.path_to(routes.API_REQUEST_PHOTO, photo_id=photo_id.to_string()),
        target="_blank",
        rel="noopener",
    )


def request_photos(photo_ids: rx.Var) -> rx.Component:
    return rx.cond(
        photo_ids.length() > 0,
        rx.grid(rx.foreach(photo_ids, _photo), columns=rx.breakpoints(initial="2", sm="3"), spacing="2", width="100%"),
    )
