"""Moving code never renames what is stored (issue 11): the access log hashes each entry's
model label (`_meta.label_lower`), permissions such as `retention.read_retained` and admin URLs
name app labels, and migrations and tables are keyed by them. These are the labels and tables
as they were before privacy became one app of named parts; a move that changes one fails here.
"""

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission

BEFORE_THE_MOVE = [
    ("accounts.membersession", "accounts_membersession"),
    ("accounts.pendingsignup", "accounts_pendingsignup"),
    ("accounts.user", "accounts_user"),
    ("core.jobrun", "core_jobrun"),
    ("coverletters.answerversion", "coverletters_answerversion"),
    ("coverletters.coverletter", "coverletters_coverletter"),
    ("coverletters.question", "coverletters_question"),
    ("experiences.experience", "experiences_experience"),
    ("notices.entrustment", "notices_entrustment"),
    ("notices.notice", "notices_notice"),
    ("notices.policyversion", "notices_policyversion"),
    ("privacy.accesslogcheckpoint", "privacy_accesslogcheckpoint"),
    ("privacy.accesslogentry", "privacy_accesslogentry"),
    ("privacy.accessloghead", "privacy_accessloghead"),
    ("privacy.accesslogpruneallowance", "privacy_accesslogpruneallowance"),
    ("privacy.accesslogsubject", "privacy_accesslogsubject"),
    ("privacy.consentrecord", "privacy_consentrecord"),
    ("privacy.datakey", "privacy_datakey"),
    ("privacy.encryptionformatretirement", "privacy_encryptionformatretirement"),
    ("privacy.keycanary", "privacy_keycanary"),
    ("privacy.powerofattorney", "privacy_powerofattorney"),
    ("privacy.rightsnotice", "privacy_rightsnotice"),
    ("privacy.rightsreminder", "privacy_rightsreminder"),
    ("privacy.rightsrequest", "privacy_rightsrequest"),
    ("privacy.rightsrequestevent", "privacy_rightsrequestevent"),
    ("profiles.career", "profiles_career"),
    ("profiles.education", "profiles_education"),
    ("profiles.profile", "profiles_profile"),
    ("recruiting.application", "recruiting_application"),
    ("recruiting.company", "recruiting_company"),
    ("recruiting.offer", "recruiting_offer"),
    ("recruiting.posting", "recruiting_posting"),
    ("retention.destructionrun", "retention_destructionrun"),
    ("retention.pendingsummary", "retention_pendingsummary"),
    ("retention.retainedrecord", "retention_retainedrecord"),
    ("usage.usageevent", "usage_usageevent"),
]


def _project_models():
    root = str(settings.BASE_DIR)
    return sorted(
        (model._meta.label_lower, model._meta.db_table)
        for config in apps.get_app_configs()
        if config.path.startswith(root) and "/.venv/" not in config.path
        for model in config.get_models()
    )


def test_every_model_keeps_its_label_and_table():
    assert [row for row in BEFORE_THE_MOVE if row not in _project_models()] == []


def test_nested_apps_keep_their_labels():
    assert apps.get_app_config("retention").name == "privacy.retention"
    assert apps.get_app_config("notices").name == "privacy.notices"


@pytest.mark.django_db
def test_the_retention_store_permission_keeps_its_name():
    permission = Permission.objects.get(codename="read_retained")
    assert permission.content_type.app_label == "retention"
