"""Fixtures of the attack tests: the staff of an agency."""

from __future__ import annotations

import pytest

from storage import staff as staff_repo


@pytest.fixture
def staff(store):
    with store.session() as s:
        admin = staff_repo.add(s, channel="console", user_id="boss", name="Nguyễn Thị Hoa", role="admin")
        officer = staff_repo.add(s, channel="console", user_id="officer", name="Trần Văn Minh", role="officer")
        inspector = staff_repo.add(s, channel="console", user_id="inspector", name="Lê Quang Huy", role="inspector")
    return {"admin": admin, "officer": officer, "inspector": inspector}
