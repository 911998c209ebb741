"""Issue 17, first part: a ciphertext that arrives from outside is text, never a key to someone
else's data; a stored value no key opens is a placeholder, never a 500, and key rotation leaves
it as it is and says so. The attacker reads (or writes) the table with SQL and has no keys."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from experiences.models import Experience
from privacy.keys import sealing
from privacy.keys.fields import UNREADABLE
from privacy.keys.rotation import rotate
from tests.experiences.conftest import make_experience, valid_form

pytestmark = pytest.mark.django_db
MALFORMED = f"{sealing.PREFIX}$not-a-key$garbage"  # typed into a column by hand


def stored(experience: Experience, column: str = "title") -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM experiences_experience WHERE id = %s",  # noqa: S608
            [experience.pk],
        )
        return cursor.fetchone()[0]


def write_raw(experience: Experience, column: str, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE experiences_experience SET {column} = %s WHERE id = %s",  # noqa: S608
            [value, experience.pk],
        )


def test_a_ciphertext_pasted_into_a_form_is_stored_as_the_text_typed(client, member, other_member):
    victim = make_experience(other_member, details="한빛은행 최종 면접에서 떨어진 이야기")
    token = stored(victim, "details")  # read from a backup or a replica
    client.force_login(member)

    response = client.post(reverse("experiences:create"), valid_form(details=token))

    assert response.status_code == 302
    mine = Experience.objects.get(member=member)
    assert mine.details == token  # the attacker sees what they typed, nothing more
    page = client.get(reverse("experiences:detail", args=[mine.pk])).content.decode()
    assert "한빛은행" not in page
    assert stored(mine, "details") != token  # encrypted under the attacker's own key


def test_a_stored_value_no_key_opens_shows_a_placeholder_not_a_500(client, member):
    mine = make_experience(member, title="교내 앱 공모전")
    write_raw(mine, "title", MALFORMED)
    client.force_login(member)

    response = client.get(reverse("experiences:list"))

    assert response.status_code == 200
    assert UNREADABLE in response.content.decode()


def test_rotation_skips_rows_no_key_opens_reports_them_and_does_the_rest(member):
    malformed = make_experience(member, title="첫 경험")
    moved = make_experience(member, title="둘째 경험", summary="요약")
    fine = make_experience(member, title="셋째 경험")
    write_raw(malformed, "title", MALFORMED)
    # A ciphertext moved from another column no longer matches its binding.
    write_raw(moved, "title", stored(moved, "summary"))
    before = {e.pk: stored(e) for e in (malformed, moved, fine)}

    report = rotate()

    assert sorted(report.rows_unreadable["experiences.Experience"]) == sorted(
        [malformed.pk, moved.pk]
    )
    assert stored(malformed) == before[malformed.pk] and stored(moved) == before[moved.pk]
    assert stored(fine) != before[fine.pk]  # re-encrypted under a fresh key
    assert Experience.objects.get(pk=fine.pk).title == "셋째 경험"
    err = io.StringIO()
    call_command("rotate_keys", stdout=io.StringIO(), stderr=err)
    assert f"pk {min(malformed.pk, moved.pk)}" in err.getvalue()
