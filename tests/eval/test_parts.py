"""Seeded parts of single-split shared sets (``eval.base.select_part``)."""

from __future__ import annotations

import pytest

from claimgraph.eval.base import STAGE_PARTS, part_note, select_part


def test_parts_cover_every_item_once() -> None:
    items = [f"record-{k}" for k in range(300)]
    parts = {part: select_part(items, part, key=str) for part in STAGE_PARTS}
    assert sorted(x for chosen in parts.values() for x in chosen) == sorted(items)
    # 60 / 20 / 20 by design: each part is far from empty on 300 items
    assert 120 < len(parts["train"]) < 240
    assert 30 < len(parts["dev"]) < 90
    assert 30 < len(parts["test"]) < 90


def test_part_is_a_function_of_the_id_only() -> None:
    items = [f"doc-{k}" for k in range(50)]
    chosen = select_part(items, "test", key=str)
    again = select_part([*reversed(items), "doc-new"], "test", key=str)
    assert set(chosen) <= set(again)
    assert select_part(items, None, key=str) == items


def test_unknown_part_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown part"):
        select_part(["a"], "heldout", key=str)


def test_part_note_names_the_part() -> None:
    assert "part test" in part_note("test", 12)
    assert "no part" in part_note(None, 12)
