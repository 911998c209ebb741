from django.urls import path

from consulting.workspace import views

# Included at /consulting/work/ in the "consulting" namespace.
urlpatterns = [
    path("<int:pk>/", views.engagement, name="work"),
    path("<int:pk>/accept/", views.accept, name="work_accept"),
    path("<int:pk>/decline/", views.decline, name="work_decline"),
    path("<int:pk>/review/", views.start_review, name="work_review"),
    path("<int:pk>/sessions/", views.propose, name="work_propose"),
    path("<int:pk>/questions/<int:item>/comments/", views.comment, name="work_comment"),
    path("<int:pk>/comments/<int:comment_pk>/replies/", views.reply, name="work_reply"),
    path("<int:pk>/deliver/", views.deliver, name="work_deliver"),
    path("<int:pk>/rating/", views.rating, name="work_rating"),
]
