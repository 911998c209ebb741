from django.urls import path

from coverletters import views
from coverletters.intake import views as intake
from coverletters.library import views as library_views
from coverletters.spelling import views as spelling_views
from coverletters.versions import views as version_views

app_name = "coverletters"

urlpatterns = [
    path("", views.letter_list, name="list"),
    path("new/", views.letter_create, name="create"),
    path("new/from-posting-text/", intake.paste, name="intake"),
    path("new/from-posting-text/blank/", intake.blank, name="intake_blank"),
    path("new/from-posting-text/confirm/", intake.confirm, name="intake_confirm"),
    path("<int:pk>/", views.letter_detail, name="detail"),
    path("<int:pk>/edit/", views.letter_edit, name="edit"),
    path("<int:pk>/delete/", views.letter_delete, name="delete"),
    path("<int:pk>/duplicate/", views.letter_duplicate, name="duplicate"),
    path("<int:pk>/print/", views.letter_print, name="print"),
    path("<int:pk>/download.docx", views.letter_docx, name="docx"),
    path("<int:pk>/check/", views.letter_check, name="check"),
    path("<int:pk>/export/", views.letter_export_check, name="export_check"),
    path("<int:pk>/questions/new/", views.question_create, name="question_create"),
    path("questions/<int:pk>/edit/", views.question_edit, name="question_edit"),
    path("questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
    path("questions/<int:pk>/move/", views.question_move, name="question_move"),
    path("questions/<int:pk>/answer/", views.answer_save, name="answer_save"),
    path("questions/<int:pk>/spelling/", spelling_views.hints, name="spelling_hints"),
    path("autosave/session/", views.autosave_session, name="autosave_session"),
    path("questions/<int:pk>/versions/", views.question_versions, name="versions"),
    path(
        "questions/<int:pk>/versions/<int:version_pk>/restore/",
        views.version_restore,
        name="version_restore",
    ),
    path(
        "questions/<int:pk>/experiences/", views.question_experiences, name="question_experiences"
    ),
    path("<int:pk>/versions/", version_views.letter_versions, name="letter_versions"),
    path("<int:pk>/versions/save/", version_views.checkpoint_create, name="checkpoint_create"),
    path("<int:pk>/versions/compare/", version_views.letter_version_compare, name="letter_compare"),
    path(
        "<int:pk>/versions/<int:version_pk>/restore/",
        version_views.letter_version_restore,
        name="letter_version_restore",
    ),
    path("library/", library_views.library, name="library"),
    path("library/answers/<int:pk>/reuse/", library_views.answer_reuse, name="answer_reuse"),
    path("questions/<int:pk>/kind/", library_views.question_kind_set, name="question_kind"),
]
