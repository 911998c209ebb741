import datetime

import pytest

from recruiting.tracker.models import OutsideApplication, Stage


def make_outside(member, *, company="한빛은행", role="디지털 기획", **fields) -> OutsideApplication:
    fields.setdefault("stage", Stage.DOCUMENTS)
    return OutsideApplication.objects.create(member=member, company=company, role=role, **fields)


@pytest.fixture
def outside(member) -> OutsideApplication:
    return make_outside(
        member,
        next_date=datetime.date(2026, 12, 10),
        next_time=datetime.time(14, 0),
        next_what="1차 면접",
        memo="인사 담당자 이름은 박민지",
    )
