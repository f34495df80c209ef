"""`Store.reading()`: several reads on one session (one check-out, one snapshot)."""

from __future__ import annotations

import pytest
from sqlalchemy import event
from tests.store.backends import store_url
from tests.store.factories import result_a, result_b, result_c

from claimgraph.errors import NotFoundError
from claimgraph.store import Store
from claimgraph.vocab import PloverType

__all__ = ["store_url"]  # the backend-parametrized fixture, imported for pytest


def _checkouts(store: Store) -> list[int]:
    counter = [0]

    def count(*_args: object) -> None:
        counter[0] += 1

    event.listen(store._engine, "checkout", count)
    return counter


def test_reading_shares_one_connection_and_gives_the_same_answers(store_url: str) -> None:
    with Store(store_url) as writer:
        writer.write([result_a(), result_b(), result_c()])
    with Store(store_url, read_only=True) as store:
        row = store.find_relations(limit=1)[0][0]
        key = (row.subject.id, row.type, row.object.id)
        apart = (
            store.get_relation(*key),
            store.relation_claims(*key),
            store.relation_timeline(*key),
        )
        checkouts = _checkouts(store)
        with store.reading():
            together = (
                store.get_relation(*key),
                store.relation_claims(*key),
                store.relation_timeline(*key),
            )
            with store.reading():  # a nested block joins the outer session
                again = store.relation_claims(*key)
        assert checkouts[0] == 1
        assert together == apart
        assert again == apart[1]
        store.get_relation(*key)  # after the block: a session of its own again
        assert checkouts[0] == 2


def test_reading_lets_errors_through_and_closes_its_session(store_url: str) -> None:
    with Store(store_url) as writer:
        writer.write([result_a()])
    with Store(store_url, read_only=True) as store:
        with pytest.raises(NotFoundError), store.reading():
            store.get_relation("XXX", PloverType.AID, "YYY")
        assert store._shared.get() is None
        assert store.stats().documents == 1
