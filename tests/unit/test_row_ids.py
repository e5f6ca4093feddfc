"""Ids in URLs are numbers an integer column holds: anything larger matches no route."""

import re

from hypothesis import given
from hypothesis import strategies as st

from customer_portal.api.app import RowIdConvertor, digits_at_most
from customer_portal.models.types import LARGEST_INTEGER


@given(limit=st.integers(min_value=0, max_value=10**12), value=st.integers(min_value=0, max_value=10**13))
def test_the_pattern_matches_exactly_the_numbers_up_to_the_limit(limit, value):
    assert bool(re.fullmatch(f"(?:{digits_at_most(limit)})", str(value))) == (value <= limit)


def test_row_ids_stop_at_postgresqls_integer():
    pattern = re.compile(RowIdConvertor.regex)
    assert pattern.fullmatch(str(LARGEST_INTEGER)) and pattern.fullmatch("1")
    assert not pattern.fullmatch(str(LARGEST_INTEGER + 1)) and not pattern.fullmatch("9" * 18)
