"""The typed input layer (state/inputs.py) on its own: every kind of wrong input gets one clear message."""

from __future__ import annotations

import pytest

from customer_portal.state.forms import SignInForm
from customer_portal.state.inputs import TEXT_LIMIT, Rejected, UnparsableHandler, argument_parser, row_id


def set_answer_field(self, field: str, value: str): ...


def go_to_page(self, page: int): ...


def toggle(self, customer_id: int, checked: bool = False): ...


def sign_in(self, form: SignInForm): ...


def untyped(self, form_data: dict): ...


def _parse(handler, *args, **kwargs):
    return argument_parser(handler)(args, kwargs)


@pytest.mark.parametrize(
    ("handler", "kwargs", "message"),
    [
        (set_answer_field, {"field": "signature", "value": None}, "value must be text"),
        (set_answer_field, {"field": "signature", "value": ["Ana"]}, "value must be text"),
        (set_answer_field, {"field": "signature", "value": {"a": 1}}, "value must be text"),
        (set_answer_field, {"field": "signature", "value": 7}, "value must be text"),
        (set_answer_field, {"field": "message", "value": "x" * (TEXT_LIMIT + 1)}, "value is too long (at most 10,000"),
        (set_answer_field, {"field": "message"}, "value is missing"),
        (go_to_page, {"page": "two"}, "page must be a whole number"),
        (go_to_page, {"page": 1.5}, "page must be a whole number"),
        (go_to_page, {"page": 10**23}, "page is out of range"),
        (go_to_page, {"page": 2**31}, "page is out of range"),  # past PostgreSQL's INTEGER
        (go_to_page, {"page": {"$gt": 1}}, "page must be a whole number"),
        (toggle, {"customer_id": 3, "checked": "maybe"}, "checked must be yes or no"),
        (sign_in, {"form": "email=a"}, "form must be a form"),
        (sign_in, {"form": {"email": None}}, "email must be text"),
        (sign_in, {"form": {"password": "p" * 1025}}, "password is too long (at most 1,024"),
    ],
)
def test_wrong_input_is_refused_with_a_clear_message(handler, kwargs, message):
    refused = _parse(handler, **kwargs)
    assert isinstance(refused, Rejected) and message in refused.message and "Nothing was changed" in refused.message


def test_unknown_and_duplicated_arguments_are_refused():
    assert isinstance(_parse(go_to_page, page=1, extra=2), Rejected)
    assert isinstance(_parse(go_to_page, 1, page=1), Rejected)
    assert isinstance(_parse(go_to_page, page=1, self=None), Rejected)


def test_good_input_is_converted_and_defaults_apply():
    assert _parse(go_to_page, page="3") == {"page": 3}
    assert _parse(toggle, customer_id=5) == {"customer_id": 5, "checked": False}
    # A form: fields the page does not have are dropped, a missing one stays missing (the handler reads "").
    assert _parse(sign_in, form={"email": "a@b.c", "payments_email": "x"}) == {"form": {"email": "a@b.c"}}


def test_a_handler_without_a_checkable_type_is_a_programming_error():
    with pytest.raises(UnparsableHandler, match="precise type"):
        argument_parser(untyped).model()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("42", 42),
        (7, 7),
        ("2147483647", 2147483647),
        ("2147483648", 0),
        ("9" * 30, 0),
        ("", 0),
        ("new", 0),
        ("-3", 0),
        ("4.0", 0),
        ("²", 0),
        ("١٢", 0),
        (" 5", 0),
        (None, 0),
    ],
)
def test_an_id_from_a_url_is_a_row_id_or_zero(value, expected):
    assert row_id(value) == expected
