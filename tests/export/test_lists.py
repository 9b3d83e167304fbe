"""Lists as one ``|``-joined cell: split where they were joined, written as before where no item holds a ``|``."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kg.export.lists import join_list, split_list

ITEM = st.text(alphabet=st.sampled_from(["\\", "|", "a", "é", " ", "\n"]), max_size=6)


@given(st.lists(ITEM, max_size=6).filter(lambda items: items != [""]))
def test_split_gives_back_the_joined_items(items: list[str]) -> None:
    assert split_list(join_list(items)) == items


@given(st.lists(st.text(alphabet=st.sampled_from(["\\", "a", ":", "/"]), min_size=1, max_size=6), max_size=6))
def test_items_without_a_bar_or_a_trailing_backslash_are_joined_plainly(items: list[str]) -> None:
    """Cells kg wrote before ``|`` was escaped read back as they did; a path's backslashes stay single."""
    plain = [item for item in items if not item.endswith("\\")]
    assert join_list(plain) == "|".join(plain)
    assert split_list("|".join(plain)) == plain


def test_escapes_are_written_only_where_a_bar_would_be_misread() -> None:
    assert join_list(["graph|net", "b"]) == "graph\\|net|b"
    assert join_list(["ends in \\", "b"]) == "ends in \\\\|b"
    assert join_list(["b", "ends in \\"]) == "b|ends in \\"
    assert join_list(["a\\\n", "b"]) == "a\\\n|b"  # a backslash before a line end is no trailing one
    assert join_list(["bad\\xff.jsonl:1"]) == "bad\\xff.jsonl:1"
    assert join_list(["a\\|b"]) == "a\\\\\\|b"


def test_the_empty_cell_is_the_empty_list() -> None:
    assert join_list([]) == ""
    assert split_list("") == []
    assert split_list("|") == ["", ""]
