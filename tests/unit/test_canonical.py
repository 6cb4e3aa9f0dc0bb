"""Our canonical JSON is byte for byte RFC 8785 as the reference package writes it."""

from __future__ import annotations

import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.canonical import canonical

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.characters(exclude_categories=("Cs",))),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.text(alphabet=st.characters(exclude_categories=("Cs",)),
                                max_size=8), inner, max_size=5)),
    max_leaves=30)


@settings(max_examples=600, deadline=None)
@given(VALUES)
def test_equals_the_reference_implementation(value: object) -> None:
    assert canonical(value) == rfc8785.dumps(value)


def test_the_hard_cases() -> None:
    hard = {"\U0001f600": 1, "\ufb33": 2, "a": [1.0, 1e21, 1e-7, -0.0, 0.1, 5e-324],
            "ctl": "\x00\x1f\x7f\u2028\"\\/", "big": 2**53 - 1}
    assert canonical(hard) == rfc8785.dumps(hard)


PLAIN = st.recursive(
    st.one_of(st.none(), st.booleans(),
              st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1),
              st.text(alphabet=st.characters(exclude_categories=("Cs",)))),
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.text(alphabet=st.characters(max_codepoint=127), max_size=8),
                        inner, max_size=5)),
    max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(PLAIN)
def test_values_without_real_numbers_and_with_ascii_keys(value: object) -> None:
    # the common case, written by the standard library's encoder with sorted keys
    assert canonical(value) == rfc8785.dumps(value)
