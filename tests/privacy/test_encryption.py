"""Field encryption: no plaintext at rest, crypto-shredding, rotation, blind-index lookups."""

import base64
import io
import json
import os
import uuid

import pytest
from django.core.management import call_command
from django.db import connection

from accounts.models import Role, User
from coverletters.models import AnswerVersion, CoverLetter, Question
from experiences.models import Experience
from privacy.keys import blind_index, datakeys, masters, sealing
from privacy.keys.errors import DecryptionFailed, KeyDestroyed
from privacy.keys.fields import PlaintextRefused, blind_lookup
from privacy.keys.models import DataKey, DataKeyState
from privacy.keys.rows import bound_subject, row_binding
from privacy.registry.registry import registry
from profiles.models import Career, Education, Profile

NAME = "독고설희"
PHONE = "010-9753-1864"


def distinctive(field: str) -> str:
    return f"고유값{field}쀍"


def fill_everything(member: User) -> dict[str, str]:
    """Every personal text field of the member's workspace, each with its own marker."""
    profile = Profile.objects.create(
        member=member,
        name=NAME,
        desired_job=distinctive("희망직무"),
        desired_industry=distinctive("희망산업"),
        situation=distinctive("고민"),
        birth_date="1999-07-31",
    )
    Education.objects.create(
        profile=profile, school=distinctive("학교"), major=distinctive("전공"), status="graduated"
    )
    Career.objects.create(
        profile=profile,
        company=distinctive("회사"),
        role=distinctive("직책"),
        description=distinctive("주요업무"),
    )
    Experience.objects.create(
        member=member,
        title=distinctive("경험제목"),
        kind="intern",
        summary=distinctive("요약"),
        details=distinctive("세부"),
        star_situation=distinctive("상황"),
        star_task=distinctive("과제"),
        star_action=distinctive("행동"),
        star_result=distinctive("결과"),
        tags=[distinctive("태그")],
    )
    letter = CoverLetter.objects.create(
        member=member,
        title=distinctive("자소서제목"),
        job_title=distinctive("지원직무"),
        requirements=distinctive("필수자격"),
        duties=distinctive("주요업무2"),
        preferences=distinctive("우대사항"),
        company="라이프전자",
    )
    question = Question.objects.create(
        cover_letter=letter, prompt=distinctive("문항"), answer=distinctive("답변")
    )
    AnswerVersion.objects.create(
        question=question, text=distinctive("버전"), revision=1, reason="autosave"
    )
    return {"letter": letter.pk, "question": question.pk}


def dump_text_columns() -> str:
    """Every value of every table, as text: what a database dump would reveal."""
    out = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        continue  # wrapped keys: binary, not personal data
                    out.append(value if isinstance(value, str) else json.dumps(value, default=str))
    return "\n".join(out)


def markers() -> list[str]:
    fields = [
        "희망직무",
        "희망산업",
        "고민",
        "학교",
        "전공",
        "회사",
        "직책",
        "주요업무",
        "경험제목",
        "요약",
        "세부",
        "상황",
        "과제",
        "행동",
        "결과",
        "태그",
        "자소서제목",
        "지원직무",
        "필수자격",
        "주요업무2",
        "우대사항",
        "문항",
        "답변",
        "버전",
    ]
    return [NAME, PHONE, PHONE.replace("-", ""), "1999-07-31", *map(distinctive, fields)]


def test_no_personal_plaintext_at_rest_yet_pages_show_it(kakao, client):
    kakao.join(person="custom", custom_name=NAME, custom_phone=PHONE)
    member = User.objects.get(role=Role.MEMBER)
    ids = fill_everything(member)

    dump = dump_text_columns()

    found = [m for m in markers() if m in dump]
    assert found == [], f"plaintext at rest: {found}"
    # The member still sees everything.
    pages = "".join(
        client.get(url).content.decode()
        for url in (
            "/accounts/me/",
            "/profile/",
            "/experiences/",
            f"/coverletters/{ids['letter']}/",
        )
    )
    for marker in (NAME, PHONE, distinctive("학교"), distinctive("요약"), distinctive("답변")):
        assert marker in pages


def test_autosave_writes_only_ciphertext(client, member):
    letter = CoverLetter.objects.create(member=member, title="t", job_title="j")
    question = Question.objects.create(cover_letter=letter, prompt="p")
    client.force_login(member)

    client.post(
        f"/coverletters/questions/{question.pk}/answer/",
        {"answer": "자동저장쀍비밀", "revision": 0},
        HTTP_ACCEPT="application/json",
    )

    assert "자동저장쀍비밀" not in dump_text_columns()
    question.refresh_from_db()
    assert question.answer == "자동저장쀍비밀"


def test_plaintext_cannot_be_written_around_the_field(member):
    with pytest.raises(PlaintextRefused):
        User.objects.filter(pk=member.pk).update(name="우회한 이름")
    with pytest.raises(PlaintextRefused):
        list(User.objects.filter(name="김지원"))


def test_phone_lookup_uses_the_blind_index(member, other_member):
    found = User.objects.filter(**blind_lookup(User, "phone_index", "010 2846 1357"))

    assert list(found) == [member]
    assert member.phone_index.startswith(blind_index.current_blind_index_key().epoch + "$")
    assert "28461357" not in member.phone_index


def test_a_ciphertext_moved_to_another_column_does_not_decrypt(member):
    table = User._meta.db_table
    name = sealing.binding(member.subject, table, "name", member.pk, member.sealed_version)
    token = sealing.encrypt_bound(member.subject, name, "이름")

    phone = sealing.binding(member.subject, table, "phone", member.pk, member.sealed_version)
    with pytest.raises(DecryptionFailed):
        sealing.decrypt_bound(member.subject, phone, token)
    assert sealing.decrypt_bound(member.subject, name, token) == "이름"


def raw_ciphertexts(member: User) -> list[tuple[type, int, str, str]]:
    """(model, pk, field, token) for every encrypted value, read straight from the tables."""
    copies = []
    with connection.cursor() as cursor:
        for model, entry in registry.entries.items():
            for name in entry.encrypted:
                column = model._meta.get_field(name).column
                cursor.execute(
                    f'SELECT "{model._meta.pk.column}", "{column}" '  # noqa: S608
                    f'FROM "{model._meta.db_table}"'
                )
                for pk, value in cursor.fetchall():
                    if sealing.is_token(value):
                        copies.append((model, pk, name, value))
    return copies


def open_copy(model, pk, name, token) -> str:
    """Decrypt a copied token under the binding of the row it came from."""
    row = model._base_manager.get(pk=pk)
    subject = bound_subject(row)
    return sealing.decrypt_bound(
        subject, row_binding(row, model._meta.get_field(name), subject), token
    )


def test_crypto_shredding_makes_every_copy_unreadable(member):
    fill_everything(member)
    copies = raw_ciphertexts(member)  # e.g. a backup taken before the member left
    assert len(copies) > 20
    assert all(open_copy(*copy) for copy in copies)

    destroyed = datakeys.destroy_subject_keys(member.subject)

    assert destroyed == 1
    datakeys.clear_key_cache()
    for copy in copies:
        with pytest.raises(KeyDestroyed):
            open_copy(*copy)
    assert User.objects.get(pk=member.pk).name == "[파기된 정보]"


def test_withdrawal_destroys_the_members_data_key(kakao, client):
    kakao.join()
    member = User.objects.get(role=Role.MEMBER)
    assert DataKey.objects.filter(subject=member.subject).exists()

    client.post("/accounts/withdraw/", {"confirm": "on"})

    assert not DataKey.objects.filter(subject=member.subject).exists()


def new_master(kid: str) -> str:
    return f"{kid}:{base64.b64encode(os.urandom(32)).decode()}"


def test_rotation_moves_everything_to_the_new_key_and_the_old_key_can_go(
    settings, member, other_member, client
):
    ids = fill_everything(member)
    old = list(settings.FIELD_ENCRYPTION_KEYS)
    settings.FIELD_ENCRYPTION_KEYS = [new_master("k2027"), *old]
    settings.DATA_KEY_RETIRED_GRACE_SECONDS = 0

    call_command("rotate_keys", stdout=io.StringIO())

    assert set(DataKey.objects.values_list("kek_id", flat=True)) == {"k2027"}
    assert not DataKey.objects.filter(state=DataKeyState.RETIRED).exists()
    live_keys = set(DataKey.objects.values_list("pk", flat=True))
    assert {sealing.key_id_of(c[-1]) for c in raw_ciphertexts(member)} <= live_keys
    # The blind index has keys of its own: a master-key rotation leaves it in its epoch.
    epoch = blind_index.current_blind_index_key().epoch
    assert {u.phone_index.split("$")[0] for u in User.objects.all()} == {epoch}

    # Drop the old master key: everything still reads, lookups still find the member.
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]
    datakeys.clear_key_cache()
    assert list(User.objects.filter(**blind_lookup(User, "phone_index", member.phone))) == [member]
    client.force_login(member)
    page = client.get(f"/coverletters/{ids['letter']}/").content.decode()
    assert distinctive("답변") in page
    assert Profile.objects.get(member=member).birth_date.isoformat() == "1999-07-31"


def test_rotation_leaves_shredded_rows_shredded(settings, member, other_member):
    fill_everything(member)
    datakeys.destroy_subject_keys(member.subject)
    settings.FIELD_ENCRYPTION_KEYS = [new_master("k2028"), *settings.FIELD_ENCRYPTION_KEYS]

    call_command("rotate_keys", stdout=io.StringIO())

    assert not DataKey.objects.filter(subject=member.subject).exists()
    datakeys.clear_key_cache()
    assert Profile.objects.get(member=member).situation == "[파기된 정보]"


def test_master_keys_are_validated():
    from django.core.exceptions import ImproperlyConfigured

    for bad in ["nokey", "k1:not-base64!", "k1:" + base64.b64encode(b"short").decode(), ""]:
        with pytest.raises(ImproperlyConfigured):
            masters.parse_master_keys(bad)


def test_benchmark_bypass_tokens_never_decrypt_outside_the_benchmark():
    subject = uuid.uuid4()
    bound = sealing.binding(subject, "accounts_user", "name", 1, 1)
    with sealing.bypass():
        token = sealing.encrypt_bound(subject, bound, "벤치")
        assert sealing.decrypt_bound(subject, bound, token) == "벤치"

    with pytest.raises(DecryptionFailed):
        sealing.decrypt_bound(subject, bound, token)
