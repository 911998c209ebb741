"""The matching rule, as the page states it: 2 points when a 전문 직무 matches the member's
희망 직무, 1 when a 전문 산업 matches the 희망 산업; the fewest open engagements breaks a tie."""

import pytest

from consulting.catalog import ServiceKind
from consulting.member.matching import Candidate, best_match, industries_of, job_families_of
from consulting.member.selectors import member_match
from consulting.snapshots import Selection
from tests.conftest import make_member
from tests.consulting.member_support import make_consultant, make_workspace, request_directly


def _candidate(key, jobs=(), industries=(), open_engagements=0):
    return Candidate(
        key=key,
        name=f"컨설턴트{key}",
        job_families=list(jobs),
        industries=list(industries),
        open_engagements=open_engagements,
    )


def test_free_text_is_read_for_the_catalogs_codes():
    assert job_families_of("백엔드 개발") == {"development"}
    assert job_families_of("서비스 기획(PM·PO)") == {"planning"}
    # A word inside a longer one counts for the longer one only.
    assert job_families_of("사업개발") == {"planning"}
    assert job_families_of("연구개발(R&D)") == {"research"}
    assert job_families_of("데이터 분석") == {"data"}
    assert industries_of("금융·은행") == {"finance"}
    assert industries_of("IT·인터넷") == {"it"}
    assert industries_of("") == frozenset()


def test_a_job_match_outweighs_an_industry_match():
    match = best_match(
        desired_job="마케팅",
        desired_industry="금융·은행",
        candidates=[
            _candidate(1, jobs=["sales"], industries=["finance"]),
            _candidate(2, jobs=["marketing"], industries=["it"]),
        ],
    )
    assert match.candidate.key == 2 and match.score == 2
    assert match.reason.startswith("컨설턴트2 컨설턴트를 찾았어요.")
    assert "전문 직무(마케팅·광고)가 희망 직무와 맞아서 2점이에요." in match.reason


def test_both_matching_scores_three():
    match = best_match(
        desired_job="마케팅",
        desired_industry="금융·은행",
        candidates=[
            _candidate(1, jobs=["marketing"]),
            _candidate(2, jobs=["marketing"], industries=["finance"]),
        ],
    )
    assert match.candidate.key == 2 and match.score == 3
    assert "모두 3점이에요" in match.reason


def test_a_tie_goes_to_the_consultant_with_the_fewest_open_engagements():
    match = best_match(
        desired_job="데이터 분석",
        desired_industry="",
        candidates=[
            _candidate(1, jobs=["data"], open_engagements=3),
            _candidate(2, jobs=["data"], open_engagements=1),
            _candidate(3, jobs=["design"], open_engagements=0),
        ],
    )
    assert match.candidate.key == 2
    assert "진행 중인 컨설팅이 가장 적어요" in match.reason


def test_with_no_match_the_least_busy_is_chosen_and_the_page_says_so():
    match = best_match(
        desired_job="간호",
        desired_industry="",
        candidates=[_candidate(1, open_engagements=2), _candidate(2, open_engagements=0)],
    )
    assert match.candidate.key == 2 and match.score == 0
    assert "맞는 컨설턴트가 없어서" in match.reason
    assert best_match(desired_job="", desired_industry="", candidates=[]) is None


@pytest.mark.django_db
def test_member_match_counts_open_engagements_and_skips_the_members_own(member):
    make_workspace(member, job="데이터 분석", industry="금융")
    busy = make_consultant("cons-busy", "바쁜", jobs=["data"], industries=["finance"])
    free = make_consultant("cons-free", "여유", jobs=["data"], industries=["finance"])
    make_consultant("cons-other", "다른", jobs=["design"])
    make_consultant("cons-hidden", "숨은", jobs=["data"], industries=["finance"], listed=False)
    for i in range(2):
        other = make_member(f"다른회원{i}", f"010-3333-{i:04d}")
        make_workspace(other)
        request_directly(other, busy, Selection(profile=("이름",)))
    assert member_match(member).candidate.name == "여유"

    # Once the member has an open engagement with "여유", the rule looks past them.
    request_directly(
        member, free, Selection(profile=("이름",)), service=ServiceKind.CAREER_COACHING
    )
    assert member_match(member).candidate.name == "바쁜"
