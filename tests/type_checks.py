"""Read by mypy in `make lint`, never run: what the types promise. Each `type: ignore` marks a call that must be
an error; strict mypy reports an ignore that is no longer needed, so these fail if the promise is broken."""

from customer_portal.services.customers import customers
from customer_portal.services.customers.customers import CustomerDetail
from customer_portal.state.base import call_service


async def _a_misspelt_service_argument_is_an_error() -> None:
    await call_service(customers.get_customer, customer_idd=1)  # type: ignore[call-arg]


async def _a_missing_service_argument_is_an_error() -> None:
    await call_service(customers.get_customer)  # type: ignore[call-arg]


async def _the_answer_has_the_services_type() -> CustomerDetail:
    return await call_service(customers.get_customer, customer_id=1)
