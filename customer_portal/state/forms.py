"""What each form of the app submits, as typed dicts the input layer checks (state/inputs.py).

TypedDicts rather than models because Reflex checks an `on_submit` handler's annotation against the mapping a form
sends. `total=False`: a field the browser leaves out reads as empty; a field the page does not have is dropped.
(typing_extensions' TypedDict: pydantic validates only that one on Python 3.11.)
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field
from typing_extensions import TypedDict

EmailText = Annotated[str, Field(max_length=254, strict=True)]
PasswordText = Annotated[str, Field(max_length=1024, strict=True)]
DateText = Annotated[str, Field(max_length=10, strict=True)]  # YYYY-MM-DD; the services parse and check it
KeyText = Annotated[str, Field(max_length=300, strict=True)]


class SignInForm(TypedDict, total=False):
    email: EmailText
    password: PasswordText


class SecondFactorForm(TypedDict, total=False):
    code: Annotated[str, Field(max_length=40, strict=True)]  # six digits, or a recovery code with its dashes
    remember: Annotated[bool, Field(strict=True)]  # a checkbox: Reflex's form sends whether it is ticked


class TurnOffTwoFactorForm(TypedDict, total=False):
    off_password: PasswordText  # not "current_password": My account's change-password form has that field


class EmailForm(TypedDict, total=False):
    email: EmailText


class NewPasswordForm(TypedDict, total=False):
    password: PasswordText
    password_again: PasswordText


class ChangePasswordForm(TypedDict, total=False):
    current_password: PasswordText
    password: PasswordText
    password_again: PasswordText


class PhoneForm(TypedDict, total=False):
    phone: Annotated[str, Field(max_length=40, strict=True)]


class EmailChangeForm(TypedDict, total=False):
    new_email: EmailText
    email_password: PasswordText  # the current password, named apart from the password form's on the same page


class TeamInviteForm(TypedDict, total=False):
    email: EmailText
    name: Annotated[str, Field(max_length=200, strict=True)]
    role: Annotated[str, Field(max_length=20, strict=True)]


class PeriodForm(TypedDict, total=False):
    start: DateText
    end: DateText


class StripeKeysForm(TypedDict, total=False):
    secret_key: KeyText
    publishable_key: KeyText
    webhook_secret: KeyText


class AutoPayTimingForm(TypedDict, total=False):
    autopay_days_after_due: Annotated[str, Field(max_length=10, strict=True)]


class PartialPaymentsForm(TypedDict, total=False):
    partial_payments: Annotated[str, Field(max_length=10, strict=True)]  # "on" when ticked, absent when not
    partial_minimum: Annotated[str, Field(max_length=20, strict=True)]
