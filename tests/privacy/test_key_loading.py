"""Data keys at scale: decrypted lazily, loaded a page at a time, missing ones remembered only
for the request — and a destroyed key still means unreadable data (decision 0002)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from privacy.keys import datakeys
from privacy.keys.fields import SHREDDED, UNREADABLE, PlaintextRefused, Sealed
from profiles.models import Profile
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def key_queries(captured) -> list[str]:
    return [q["sql"] for q in captured if "privacy_datakey" in q["sql"]]


@pytest.fixture
def members(db) -> list[User]:
    return [make_member(name=f"회원{i}", phone=f"010-4444-{i:04d}") for i in range(50)]


def new_unit_of_work() -> None:
    """What DataKeyCacheMiddleware does between two requests."""
    datakeys.clear_key_cache()


def test_rows_read_without_their_encrypted_fields_fetch_no_key(members):
    new_unit_of_work()
    with CaptureQueriesContext(connection) as captured:
        usernames = [u.username for u in User.objects.filter(pk__in=[m.pk for m in members])]

    assert len(usernames) == 50
    assert key_queries(captured) == []


def test_a_page_of_50_members_names_fetches_their_keys_in_one_query(members):
    new_unit_of_work()
    with CaptureQueriesContext(connection) as captured:
        names = {u.name for u in User.objects.filter(pk__in=[m.pk for m in members])}

    assert names == {f"회원{i}" for i in range(50)}
    assert len(key_queries(captured)) == 1


def test_a_destroyed_key_makes_rows_read_before_it_unreadable_after(member):
    """Rows held past the destruction (a cached instance, a long page) open as shredded: the
    instance holds ciphertext until its field is read, under the key cache of that moment."""
    new_unit_of_work()
    loaded = User.objects.get(pk=member.pk)
    assert isinstance(loaded.__dict__["name"], Sealed)

    datakeys.destroy_subject_keys(member.subject)
    new_unit_of_work()

    assert loaded.name == SHREDDED
    assert User.objects.get(pk=member.pk).phone == SHREDDED


def test_a_key_destroyed_within_the_request_stops_decrypting_at_once(member):
    new_unit_of_work()
    assert User.objects.get(pk=member.pk).name == "김지원"  # key cached

    datakeys.destroy_subject_keys(member.subject)

    assert User.objects.get(pk=member.pk).name == SHREDDED


def test_a_missing_key_is_looked_up_once_per_request(member):
    Profile.objects.create(member=member, name="김지원", desired_job="마케팅", situation="고민")
    datakeys.destroy_subject_keys(member.subject)
    new_unit_of_work()

    with CaptureQueriesContext(connection) as captured:
        for _ in range(20):
            profile = Profile.objects.select_related("member").get(member=member)
            assert profile.name == SHREDDED and profile.member.name == SHREDDED

    assert len(key_queries(captured)) == 1


def test_the_missing_key_memo_ends_with_the_request(member, client):
    """The memo lives in the request's key cache: the next request looks again."""
    Profile.objects.create(member=member, name="김지원", desired_job="마케팅")
    datakeys.destroy_subject_keys(member.subject)
    client.force_login(member)
    client.get("/profile/")  # a first request caches what any first request does

    per_request = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/profile/")
        assert page.status_code == 200 and "김지원" not in page.content.decode()
        per_request.append(len(key_queries(captured)))

    assert per_request == [1, 1]


def test_a_rolled_back_destruction_leaves_the_data_readable(member):
    """Destroying forgets the keys but does not memoise them as missing: if the transaction
    that destroyed them rolls back, the keys are back, and so is the data."""
    new_unit_of_work()
    assert User.objects.get(pk=member.pk).name == "김지원"

    with pytest.raises(RuntimeError), transaction.atomic():
        datakeys.destroy_subject_keys(member.subject)
        assert User.objects.get(pk=member.pk).name == SHREDDED
        raise RuntimeError("withdrawal failed")

    assert User.objects.get(pk=member.pk).name == "김지원"


def test_values_list_has_no_row_so_its_sealed_values_open_as_the_placeholder(
    member, other_member, caplog
):
    """A ciphertext is bound to its row (issue 17): without the row there is no binding to
    open it under, so values()/values_list() give the placeholder, logged, never a 500; the
    code reads instances instead. Sets, sorting and truth still work (the admin's filters)."""
    (name,) = User.objects.filter(pk=member.pk).values_list("name", flat=True)

    assert isinstance(name, Sealed)
    assert str(name) == UNREADABLE and "김지원" not in repr(name)
    assert "without its row" in caplog.text
    names = User.objects.filter(pk__in=[member.pk, other_member.pk]).values_list("name", flat=True)
    assert {*names} == {UNREADABLE} and sorted(names) == [UNREADABLE, UNREADABLE]
    assert all(names)


def test_a_sealed_value_is_refused_like_plaintext_by_update(member, other_member):
    """Copying a ciphertext through update() would bypass the column's and row's binding."""
    (sealed,) = User.objects.filter(pk=member.pk).values_list("name", flat=True)

    with pytest.raises(PlaintextRefused):
        User.objects.filter(pk=other_member.pk).update(name=sealed)


def test_saving_a_row_whose_fields_were_never_read_keeps_them(member):
    new_unit_of_work()
    loaded = User.objects.get(pk=member.pk)
    loaded.is_active = False
    loaded.save()
    new_unit_of_work()

    again = User.objects.get(pk=member.pk)
    assert (again.name, again.phone, again.is_active) == ("김지원", "010-2846-1357", False)


def test_a_celery_task_keeps_no_data_key_once_it_ends(member):
    """A worker thread serves many tasks: a key destroyed by another process between two
    tasks must not go on decrypting there (the task is its own unit of work)."""
    from lifemento.celery import app
    from privacy.keys.models import DataKey

    @app.task(name="tests.privacy.read_member_name")
    def read_member_name(pk: int) -> str:
        return User.objects.get(pk=pk).name

    assert read_member_name.apply(args=[member.pk]).get() == "김지원"
    # Destroyed elsewhere (another process): nothing here forgets the key but the scope.
    DataKey.objects.filter(subject=member.subject).delete()

    assert read_member_name.apply(args=[member.pk]).get() == SHREDDED


def test_the_key_rows_read_in_sql_are_what_the_orm_reads(members):
    """datakeys._key_rows writes the ORM's query out (issue 16): same rows, same types, on
    whichever database the tests run."""
    from privacy.keys.models import DataKey

    ids = set(DataKey.objects.values_list("pk", flat=True)[:20])
    orm = DataKey.objects.filter(pk__in=ids).values_list(*datakeys._KEY_COLUMNS)

    rows = datakeys._key_rows(ids)

    assert sorted(rows) == sorted(orm)
    assert [tuple(type(v) for v in row) for row in rows] == [
        tuple(type(v) for v in row) for row in orm
    ]
