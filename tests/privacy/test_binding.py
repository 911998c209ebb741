"""Issue 17, second part: every ciphertext is bound to its subject, table, column, row and the
row's version, and every wrapped data key to its subject and id. The attacker can read and
write the database with SQL (a leaked backup, a replica, a rogue operator) and holds no key:
each move below must fail to show anyone else's data, visibly (a placeholder on a page that
answers 200 and an alert in the log, or a scan that fails), never a 500."""

import io
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.urls import reverse

from accounts.models import User
from experiences.models import Experience
from privacy.keys import datakeys, masters, sealing
from privacy.keys.fields import UNREADABLE
from privacy.keys.models import DataKey, EncryptionFormatRetirement
from privacy.keys.rows import bound_subject, sealed_fields
from privacy.registry.registry import registry
from profiles.models import Profile
from tests.coverletters.conftest import make_letter
from tests.experiences.conftest import make_experience

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


# --- The attacker's tools: SQL only ---------------------------------------------------------


def read(table: str, column: str, pk: int):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE id = %s', [pk])  # noqa: S608
        return cursor.fetchone()[0]


def write(table: str, column: str, pk: int, value) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'UPDATE "{table}" SET "{column}" = %s WHERE id = %s', [value, pk])  # noqa: S608


def copy_key_row(key_id: int, subject, wrap_format: int | None = None) -> int:
    """INSERT a new data key row holding the wrapped bytes of key `key_id`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO privacy_datakey "
            "(subject, wrapped_key, kek_id, state, created_at, wrap_format) "
            "SELECT %s, wrapped_key, kek_id, 'retired', created_at, COALESCE(%s, wrap_format) "
            "FROM privacy_datakey WHERE id = %s RETURNING id",
            [subject, wrap_format, key_id],
        )
        return cursor.fetchone()[0]


def all_tokens() -> list[str]:
    tokens = []
    with connection.cursor() as cursor:
        for model in registry.entries:
            for f in sealed_fields(model):
                cursor.execute(f'SELECT "{f.column}" FROM "{model._meta.db_table}"')  # noqa: S608
                tokens += [v for (v,) in cursor.fetchall() if sealing.is_token(v)]
    return tokens


def new_request() -> None:
    datakeys.clear_key_cache()


def profile_of(member, **fields) -> Profile:
    fields.setdefault("name", member.name)
    fields.setdefault("desired_job", "마케팅")
    return Profile.objects.create(member=member, **fields)


# --- Ciphertexts moved ----------------------------------------------------------------------


def test_a_profile_copied_into_another_members_row_shows_the_placeholder(
    client, member, other_member, caplog
):
    mine = profile_of(member, situation="한빛은행 최종 면접에서 떨어졌어요")
    theirs = profile_of(other_member, situation="아직 고민 중")
    for column in ("name", "situation"):
        write("profiles_profile", column, theirs.pk, read("profiles_profile", column, mine.pk))
    client.force_login(other_member)

    page = client.get("/profile/")

    assert page.status_code == 200
    text = page.content.decode()
    assert "한빛은행" not in text and "김지원" not in text
    assert UNREADABLE in text
    assert "ALERT profiles.profile.situation" in caplog.text
    assert "another subject's key refused" in caplog.text


def test_an_account_name_copied_into_another_account_does_not_open(member, other_member, caplog):
    write("accounts_user", "name", other_member.pk, read("accounts_user", "name", member.pk))
    new_request()

    assert User.objects.get(pk=other_member.pk).name == UNREADABLE
    assert "ALERT accounts.user.name" in caplog.text


def test_two_experiences_of_one_member_swapped_show_the_placeholder(client, member, caplog):
    first = make_experience(member, title="공모전", details="첫째 경험의 비밀")
    second = make_experience(member, title="인턴", details="둘째 경험의 비밀")
    a = read("experiences_experience", "details", first.pk)
    b = read("experiences_experience", "details", second.pk)
    write("experiences_experience", "details", first.pk, b)
    write("experiences_experience", "details", second.pk, a)
    client.force_login(member)

    for experience, foreign in ((first, "둘째 경험의 비밀"), (second, "첫째 경험의 비밀")):
        page = client.get(reverse("experiences:detail", args=[experience.pk]))
        assert page.status_code == 200
        assert foreign not in page.content.decode()
        assert UNREADABLE in page.content.decode()
    assert "does not open under its binding" in caplog.text


def test_an_experience_re_pointed_to_another_member_shows_no_plaintext(
    client, member, other_member, caplog
):
    secret = make_experience(member, title="남에게 보이면 안 되는 경험", summary="은밀한 요약")
    write("experiences_experience", "member_id", secret.pk, other_member.pk)
    client.force_login(other_member)

    listing = client.get(reverse("experiences:list"))
    detail = client.get(reverse("experiences:detail", args=[secret.pk]))

    for page in (listing, detail):
        assert page.status_code == 200
        text = page.content.decode()
        assert "남에게 보이면" not in text and "은밀한 요약" not in text
        assert UNREADABLE in text
    assert "another subject's key refused" in caplog.text


def test_rows_re_pointed_to_an_account_given_the_victims_subject_show_no_plaintext(
    client, member, other_member, caplog
):
    """The attacker also swaps the two accounts' subjects, so that the re-pointed rows' owner
    now has the victim's subject (and key): the binding names the account too."""
    secret = make_experience(member, title="훔치려는 경험", details="남이 보면 안 되는 이야기")
    victim, attacker = member.subject, other_member.subject
    write("accounts_user", "subject", member.pk, str(uuid.uuid4()))
    write("accounts_user", "subject", other_member.pk, str(victim))
    write("accounts_user", "subject", member.pk, str(attacker))
    write("experiences_experience", "member_id", secret.pk, other_member.pk)
    client.force_login(User.objects.get(pk=other_member.pk))

    for url in (reverse("experiences:list"), reverse("experiences:detail", args=[secret.pk])):
        page = client.get(url)
        assert page.status_code == 200
        text = page.content.decode()
        assert "훔치려는" not in text and "남이 보면" not in text
        assert UNREADABLE in text
    assert "does not open under its binding" in caplog.text


def test_an_older_ciphertext_of_the_same_row_put_back_does_not_open(client, member, caplog):
    profile = profile_of(member, situation="예전의 고민", desired_job="회계")
    backup = {c: read("profiles_profile", c, profile.pk) for c in ("situation", "desired_job")}
    profile.situation = "새로 적은 고민"  # the member edits one field
    profile.save(update_fields=["situation"])
    assert read("profiles_profile", "sealed_version", profile.pk) == 2

    # Each column of the backup put back, one at a time: the row has moved on.
    for column, old in backup.items():
        write("profiles_profile", column, profile.pk, old)
        client.force_login(member)
        page = client.get("/profile/")
        assert page.status_code == 200
        assert "예전의 고민" not in page.content.decode()
        assert UNREADABLE in page.content.decode()
    assert "ALERT profiles.profile.desired_job" in caplog.text  # unchanged, still re-encrypted


def test_an_autosaved_answer_moves_the_row_on_so_the_previous_answer_cannot_come_back(
    client, member, caplog
):
    letter = make_letter(member, questions=1)
    question = letter.questions.get()
    client.force_login(member)
    url = f"/coverletters/questions/{question.pk}/answer/"
    client.post(url, {"answer": "첫 초안", "revision": 0}, HTTP_ACCEPT="application/json")
    first = {c: read("coverletters_question", c, question.pk) for c in ("answer", "prompt")}
    saved = client.post(url, {"answer": "고친 답변", "revision": 1}, HTTP_ACCEPT="application/json")
    assert saved.status_code == 200

    for column, old in first.items():  # the previous write of the row, column by column
        write("coverletters_question", column, question.pk, old)
        page = client.get(f"/coverletters/{letter.pk}/")
        assert page.status_code == 200
        assert "첫 초안" not in page.content.decode()
        assert UNREADABLE in page.content.decode()
    assert "ALERT coverletters.question.prompt" in caplog.text


def test_saving_one_field_of_a_partly_loaded_row_rewrites_all_of_it(
    member, django_assert_num_queries
):
    experience = make_experience(member, title="제목", summary="요약", details="세부 내용")
    before = read("experiences_experience", "summary", experience.pk)
    partial = Experience.objects.only("id", "member", "title").get(pk=experience.pk)
    partial.title = "새 제목"

    with django_assert_num_queries(2):  # the deferred fields in one query, then the UPDATE
        partial.save(update_fields=["title"])

    new_request()
    again = Experience.objects.get(pk=experience.pk)
    assert (again.title, again.summary, again.details) == ("새 제목", "요약", "세부 내용")
    assert read("experiences_experience", "summary", experience.pk) != before


def test_a_row_rolled_back_whole_with_its_version_is_the_limit_of_the_binding(member):
    """Documented limit: the entire row put back, version included, is a consistent older
    state; the binding cannot tell it from the present (decision record, threat model)."""
    profile = profile_of(member, situation="예전의 고민")
    columns = ("name", "desired_job", "situation", "sealed_version")
    backup = {c: read("profiles_profile", c, profile.pk) for c in columns}
    profile.situation = "새로 적은 고민"
    profile.save()
    for column, value in backup.items():
        write("profiles_profile", column, profile.pk, value)
    new_request()

    assert Profile.objects.get(pk=profile.pk).situation == "예전의 고민"


# --- Wrapped keys copied --------------------------------------------------------------------


@pytest.mark.parametrize("wrap_format", [None, 1])
def test_a_wrapped_key_copied_to_another_key_row_does_not_survive_shredding(
    client, member, other_member, caplog, wrap_format
):
    story = make_experience(member, title="탈퇴", details="탈퇴하면 사라져야 할 이야기")
    backup = read("experiences_experience", "details", story.pk)
    key_id = sealing.key_id_of(backup)
    # Before the member leaves: A's wrapped key copied under the attacker's own subject.
    copy = copy_key_row(key_id, other_member.subject, wrap_format)

    datakeys.destroy_subject_keys(member.subject)  # crypto-shredding at withdrawal
    assert not DataKey.objects.filter(pk=key_id).exists()

    # A's old ciphertext re-pointed at the copy, in a row of the attacker's own.
    repointed = backup.replace(f"${key_id}$", f"${copy}$", 1)
    own = make_experience(other_member, title="내 경험")
    write("experiences_experience", "details", own.pk, repointed)
    client.force_login(other_member)

    page = client.get(reverse("experiences:detail", args=[own.pk]))

    assert page.status_code == 200
    assert "사라져야 할" not in page.content.decode()
    assert UNREADABLE in page.content.decode()
    assert f"ALERT data key #{copy}" in caplog.text
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_encryption", stdout=io.StringIO(), stderr=err)
    assert f"#{copy}" in err.getvalue()


# --- From v1 to v2, online ------------------------------------------------------------------


def as_previous_release(*instances) -> None:
    """Rewrite rows and keys as the release before issue 17 stored them (column-bound v1
    tokens, version 0, keys under the fixed wrapping): an install being upgraded."""
    for obj in instances:
        model = type(obj)
        row = model._base_manager.get(pk=obj.pk)
        subject = bound_subject(row)
        for f in sealed_fields(model):
            value = getattr(row, f.attname)
            if not f.is_blank(value):
                token = sealing.encrypt(subject, f.aad(), f.to_plaintext(value))
                write(model._meta.db_table, f.column, obj.pk, token)
        write(model._meta.db_table, "sealed_version", obj.pk, 0)
    for key in DataKey.objects.all():
        _, wrapped = datakeys.wrap(datakeys.load_dek(key.pk), masters.master(key.kek_id))
        DataKey.objects.filter(pk=key.pk).update(wrapped_key=wrapped, wrap_format=1)
    new_request()


def scan() -> tuple[bool, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_encryption", stdout=out, stderr=err)
    except CommandError:
        return False, out.getvalue(), err.getvalue()
    return True, out.getvalue(), err.getvalue()


def test_v1_data_is_rebound_online_the_scan_is_clean_then_v1_is_refused(
    settings, client, member, other_member, caplog
):
    settings.FIELD_ENCRYPTION_ACCEPT_V1 = True  # the upgraded install, until the scan is clean
    profile = profile_of(member, situation="v1 시절의 고민")
    experience = make_experience(member, title="v1 시절의 경험", tags=["협업"])
    other = make_experience(other_member, title="다른 회원의 경험")
    as_previous_release(member, other_member, profile, experience, other)
    old_situation = read("profiles_profile", "situation", profile.pk)
    assert old_situation.startswith("lmenc1$")
    client.force_login(member)
    assert "v1 시절의 고민" in client.get("/profile/").content.decode()

    clean, _, err = scan()
    assert not clean and "still in the v1 binding" in err and "v1 wrapping" in err

    call_command("rotate_keys", "--rebind", stdout=io.StringIO())

    clean, out, _ = scan()
    assert clean and "v1 retired" in out
    assert EncryptionFormatRetirement.objects.filter(version=1).exists()
    assert all(sealing.is_v2(t) for t in all_tokens())
    assert set(DataKey.objects.values_list("wrap_format", flat=True)) == {datakeys.WRAP_V2}
    page = client.get("/profile/").content.decode()
    assert "v1 시절의 고민" in page and UNREADABLE not in page
    assert Experience.objects.get(pk=experience.pk).tags == ["협업"]

    # The attacker pastes the v1 ciphertext back from a backup: refused, though the
    # environment still says v1 may be read (the scan recorded the retirement).
    write("profiles_profile", "situation", profile.pk, old_situation)
    page = client.get("/profile/")
    assert page.status_code == 200
    assert "v1 시절의 고민" not in page.content.decode()
    assert UNREADABLE in page.content.decode()
    assert "retired v1 ciphertext refused" in caplog.text


def test_the_rebind_skips_and_reports_a_v1_value_moved_before_the_upgrade(
    settings, member, other_member
):
    """A v1 value already moved to another member's row (column binding only) must not be
    laundered into a valid v2 ciphertext: the key is not the row's subject's."""
    settings.FIELD_ENCRYPTION_ACCEPT_V1 = True
    mine = make_experience(member, title="내 경험", details="내 비밀")
    theirs = make_experience(other_member, title="남의 경험", details="남의 이야기")
    as_previous_release(member, other_member, mine, theirs)
    stolen = read("experiences_experience", "details", mine.pk)
    write("experiences_experience", "details", theirs.pk, stolen)

    out, err = io.StringIO(), io.StringIO()
    call_command("rotate_keys", "--rebind", stdout=out, stderr=err)

    assert "left as they are in experiences.Experience" in err.getvalue()
    assert f"pk {theirs.pk}" in err.getvalue()
    assert read("experiences_experience", "details", theirs.pk) == stolen  # left for a person
    assert sealing.is_v2(read("experiences_experience", "details", mine.pk))
    clean, _, scan_err = scan()
    assert not clean and "still in the v1 binding" in scan_err
    assert not EncryptionFormatRetirement.objects.exists()


def test_a_fresh_install_writes_only_v2_and_never_opens_v1(client, member, caplog):
    profile = profile_of(member, situation="새 설치의 고민")
    assert all(sealing.is_v2(t) for t in all_tokens())
    assert set(DataKey.objects.values_list("wrap_format", flat=True)) == {datakeys.WRAP_V2}
    clean, _, _ = scan()
    assert clean

    # A v1 ciphertext of the same text, under the member's own key (as a pre-issue-17 backup
    # would hold it), put into the row.
    v1 = sealing.encrypt(member.subject, "profiles.profile.situation", "예전 설치의 고민")
    write("profiles_profile", "situation", profile.pk, v1)
    client.force_login(member)
    page = client.get("/profile/")

    assert page.status_code == 200
    assert "예전 설치의 고민" not in page.content.decode()
    assert "retired v1 ciphertext refused" in caplog.text
    clean, _, err = scan()
    assert not clean and "still in the v1 binding" in err


def test_the_scan_reports_a_moved_value_and_fails(member, other_member):
    mine = make_experience(member, title="내 경험")
    theirs = make_experience(other_member, title="남의 경험")
    write(
        "experiences_experience",
        "title",
        theirs.pk,
        read("experiences_experience", "title", mine.pk),
    )

    clean, _, err = scan()

    assert not clean
    assert "experiences.Experience: 1 rows with a value that does not open" in err
    assert f"pk {theirs.pk}" in err


def test_start_up_names_the_upgrade_when_v1_keys_exist_without_the_setting(settings, member):
    from privacy.keys.checks import v1_data_needs_the_upgrade_setting

    assert v1_data_needs_the_upgrade_setting(None, databases=["default"]) == []
    as_previous_release(member)
    settings.PRODUCTION = True

    (error,) = v1_data_needs_the_upgrade_setting(None, databases=["default"])

    assert error.id == "privacy.E012" and "rotate_keys --rebind" in error.hint
    settings.FIELD_ENCRYPTION_ACCEPT_V1 = True
    assert v1_data_needs_the_upgrade_setting(None, databases=["default"]) == []


def test_bulk_create_of_encrypted_rows_is_refused_rather_than_storing_blanks(member):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="bulk_create"), transaction.atomic():
        Experience.objects.bulk_create([Experience(member=member, title="한꺼번에", kind="intern")])
    assert not Experience.objects.exists()


def test_saving_a_row_whose_value_does_not_open_keeps_the_stored_value(member, other_member):
    """A value moved in by SQL opens as the placeholder; the member then saves the row (another
    field changed). The stored token stays as it was (the evidence verify_encryption reports),
    not the placeholder text re-encrypted as if the member had typed it."""
    mine = profile_of(member)
    theirs = profile_of(other_member)
    stolen = read("profiles_profile", "name", mine.pk)
    write("profiles_profile", "name", theirs.pk, stolen)
    new_request()
    profile = Profile.objects.get(pk=theirs.pk)
    assert profile.name == UNREADABLE

    profile.desired_job = "데이터 분석"
    profile.save()

    assert read("profiles_profile", "name", theirs.pk) == stolen
    new_request()
    fresh = Profile.objects.get(pk=theirs.pk)
    assert fresh.desired_job == "데이터 분석" and fresh.name == UNREADABLE


@pytest.mark.parametrize(
    "edit",
    [
        "kek_id = 'nosuchkey'",  # a master key id the environment does not have
        "wrapped_key = (SELECT wrapped_key FROM privacy_datakey WHERE subject = %(other)s)",
    ],
    ids=["unknown-master-key", "another-members-wrapped-key"],
)
def test_an_edited_key_row_is_no_500_and_the_member_can_save_again(
    client, member, other_member, caplog, edit
):
    """The member's data key row edited by SQL: the page shows the placeholder, and saving (which
    needs the active key) retires the broken key with an alert and goes on under a new one."""
    profile_of(member, situation="면접 준비 중이에요")
    profile_of(other_member)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE privacy_datakey SET {edit} WHERE subject = %(mine)s",  # noqa: S608
            {"mine": member.subject, "other": other_member.subject},
        )
    new_request()
    client.force_login(member)

    page = client.get("/profile/")
    assert page.status_code == 200 and UNREADABLE in page.content.decode()

    new_request()
    profile = Profile.objects.get(member=member)
    profile.desired_job = "데이터 분석"
    profile.save()

    assert "ALERT active data key" in caplog.text
    assert DataKey.objects.filter(subject=member.subject, state="active").count() == 1
    new_request()
    assert Profile.objects.get(member=member).desired_job == "데이터 분석"
