"""The one typed layer between what a browser sends and an event handler.

Reflex lets any client call any handler with any JSON: a dict where a page number belongs, null as a name, a
megabyte of text. Every handler's arguments are parsed here, from its own annotations, before it runs (the
guards in `guards.py` call this for every handler they wrap). A plain `str` is text of at most TEXT_LIMIT
characters, an `int` fits a database integer, a form is a typed dict of bounded text fields (state/forms.py).
Input of the wrong type, size or shape gets one clear message and the handler does not run: nothing changes.
"""

from __future__ import annotations

import functools
import inspect
import logging
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model
from pydantic_core import ErrorDetails
from typing_extensions import is_typeddict

from customer_portal.i18n import N_, _
from customer_portal.models.types import LARGEST_INTEGER, SMALLEST_INTEGER


class _ShortRecords(logging.Filter):
    """Reflex logs a warning quoting the whole value when its own conversion of an argument fails: cut it short,
    so a megabyte of hostile input is not a megabyte of log per event."""

    limit = 500

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if len(message) > self.limit:
            record.msg, record.args = message[: self.limit] + "… (cut)", ()
        return True


logging.getLogger("reflex_base.event.processor.base_state_processor").addFilter(_ShortRecords())

TEXT_LIMIT = 10_000  # characters in any text argument that does not say otherwise
Text = Annotated[str, Field(max_length=TEXT_LIMIT, strict=True)]
Whole = Annotated[int, Field(ge=SMALLEST_INTEGER, le=LARGEST_INTEGER)]  # what a database integer column holds


def row_id(value: object) -> int:
    """An id from a URL or a select: the row's id when `value` is a number a database integer column holds, else
    0, which no row has (and which services answer as "not found"). ASCII digits only: `"²".isdigit()` is true."""
    text = str(value)
    if not (0 < len(text) <= len(str(LARGEST_INTEGER)) and text.isascii() and text.isdigit()):
        return 0
    number = int(text)
    return number if number <= LARGEST_INTEGER else 0


@dataclass(frozen=True)
class Rejected:
    message: str


class UnparsableHandler(TypeError):
    """A handler argument without a type this layer can check: a programming error, found by the unit tests."""


_PHRASES = {
    "missing": N_("is missing"),
    "missing_argument": N_("is missing"),
    "unexpected_keyword_argument": N_("was not expected"),
    "string_type": N_("must be text"),
    "string_too_long": N_("is too long (at most {max_length:,} characters)"),
    "int_type": N_("must be a whole number"),
    "int_parsing": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "greater_than_equal": N_("is out of range"),
    "less_than_equal": N_("is out of range"),
    "bool_type": N_("must be yes or no"),
    "bool_parsing": N_("must be yes or no"),
    "list_type": N_("must be a list"),
    "model_type": N_("must be a form"),
    "model_attributes_type": N_("must be a form"),
    "dict_type": N_("must be a form"),
    "is_instance_of": N_("must be an uploaded file"),
}


def _message(error: ErrorDetails) -> str:
    names = [part for part in error["loc"] if isinstance(part, str)]
    label = names[-1].replace("_", " ") if names else "the request"
    phrase = _(_PHRASES.get(error["type"], N_("is not valid"))).format(**(error.get("ctx") or {}))
    return _("That was not accepted: {field} {problem}. Nothing was changed.").format(field=label, problem=phrase)


def _checked(annotation: Any) -> Any:
    """The annotation as this layer checks it: bounded text and integers, the same inside unions and lists."""
    if annotation is str:
        return Text
    if annotation is int:
        return Whole
    if annotation is bool or is_typeddict(annotation):  # a form (state/forms.py)
        return annotation
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return Union[tuple(_checked(member) for member in get_args(annotation))]  # noqa: UP007
    if origin is list:
        (item,) = get_args(annotation)
        return list[_checked(item)]
    if origin is Annotated or annotation is type(None):
        return annotation
    if inspect.isclass(annotation) and annotation.__module__.startswith("reflex"):  # rx.UploadFile
        return annotation
    raise UnparsableHandler(f"cannot check an argument annotated {annotation!r}; give it a precise type")


def argument_parser(handler: Callable[..., Any]) -> Callable[[tuple, dict], dict[str, Any] | Rejected]:
    """`parse(args, kwargs)`: the handler's keyword arguments, checked and converted, or why they were refused."""
    signature = inspect.signature(handler)
    self_name, *rest = signature.parameters
    parameters = [signature.parameters[name] for name in rest]

    @functools.cache
    def model() -> type[BaseModel]:
        # Built on first use: a form model may be defined below the state that names it.
        hints = typing.get_type_hints(handler, include_extras=True)
        fields: dict[str, Any] = {}
        for parameter in parameters:
            if parameter.name not in hints:
                raise UnparsableHandler(f"{handler.__qualname__}: argument {parameter.name!r} has no annotation")
            default = ... if parameter.default is inspect.Parameter.empty else parameter.default
            fields[parameter.name] = (_checked(hints[parameter.name]), default)
        config = ConfigDict(arbitrary_types_allowed=True)  # (unknown arguments never get here: bind refuses them)
        return create_model(f"{handler.__qualname__}Arguments", __config__=config, **fields)

    def parse(args: tuple, kwargs: dict) -> dict[str, Any] | Rejected:
        try:
            bound = signature.bind_partial(None, *args, **kwargs)  # a missing one is named below
        except TypeError:
            return Rejected(_("That request was not understood. Nothing was changed."))
        values = {name: value for name, value in bound.arguments.items() if name != self_name}
        try:
            parsed = model().model_validate(values)
        except ValidationError as error:
            return Rejected(_message(error.errors()[0]))
        return {parameter.name: getattr(parsed, parameter.name) for parameter in parameters}

    parse.model = model  # type: ignore[attr-defined]  # for the tests: every handler's arguments can be checked
    return parse
