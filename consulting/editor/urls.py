from django.urls import path

from consulting.editor import views

# Under /consulting/feedback/, namespace "consulting": the member's side of the feedback threads,
# used by the cover-letter editor (consulting/editor/panels.py).
urlpatterns = [
    path("questions/<int:pk>/placements/", views.question_placements, name="editor_placements"),
    path("comments/<int:pk>/reply/", views.comment_reply, name="editor_reply"),
    path("comments/<int:pk>/resolve/", views.comment_resolve, name="editor_resolve"),
]
