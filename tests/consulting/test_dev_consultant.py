"""`make run` prints a development consultant's sign-in beside the staff one; it works."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Role, User
from consulting.models import ConsultantProfile

pytestmark = pytest.mark.django_db


def test_the_dev_consultant_is_printed_and_signs_in(settings, client_at):
    settings.DEV_ADMIN_PASSWORD = "dev-password-123"
    settings.CONSULTANT_REQUIRE_OTP = False  # the embedded default, as for staff
    out = StringIO()

    call_command("ensure_dev_consultant", stdout=out)

    username, password = out.getvalue().strip().split(":", 1)
    assert (username, password) == ("consultant", "dev-password-123")
    user = User.objects.get(username=username)
    assert user.role == Role.CONSULTANT and not user.is_staff
    assert ConsultantProfile.objects.get(consultant=user).is_listed
    response = client_at.post("/consulting/login/", {"username": username, "password": password})
    assert response.status_code == 302 and response["Location"] == "/consulting/"
    assert client_at.get("/consulting/").status_code == 200


def test_running_it_again_keeps_one_account(settings):
    settings.DEV_ADMIN_PASSWORD = "dev-password-123"
    call_command("ensure_dev_consultant", stdout=StringIO())
    call_command("ensure_dev_consultant", stdout=StringIO())

    assert User.objects.filter(username="consultant").count() == 1
    assert ConsultantProfile.objects.filter(consultant__username="consultant").count() == 1


def test_it_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("ensure_dev_consultant", stdout=StringIO())


def test_make_run_prints_the_consultant_line_beside_the_staff_one():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert (
        "manage.py ensure_dev_admin" in makefile and "manage.py ensure_dev_consultant" in makefile
    )
    assert "컨설턴트 (개발용)" in makefile
