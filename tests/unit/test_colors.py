"""A company's accent colour on its portal: text that reads on it at AA (4.5:1) whatever colour the office picks."""

from hypothesis import given
from hypothesis import strategies as st

from customer_portal.domain.colors import BLACK, WHITE, accent, contrast

colors = st.integers(min_value=0, max_value=0xFFFFFF).map(lambda value: f"#{value:06x}")


def test_contrast_is_wcags_ratio():
    assert round(contrast(WHITE, BLACK), 1) == 21.0 and contrast("#777777", "#777777") == 1.0
    assert round(contrast("#0e7490", WHITE), 2) == 5.36  # the default accent with white text


@given(colors)
def test_the_text_on_any_accent_reads_at_aa_and_the_hover_shade_no_worse(color):
    chosen = accent(color)
    assert chosen.text in (WHITE, BLACK)
    assert contrast(chosen.color, chosen.text) >= 4.5
    assert contrast(chosen.hover, chosen.text) >= contrast(chosen.color, chosen.text)


def test_light_accents_get_black_text_and_dark_ones_white():
    assert accent("#fde047").text == BLACK and accent("#1e3a8a").text == WHITE
    assert accent("#FDE047").color == "#fde047"


def test_a_stored_value_that_is_not_a_colour_falls_back_to_the_default():
    assert accent("teal").color == "#0e7490"
