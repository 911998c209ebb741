from django.urls import path

from privacy.rights import views as rights_views

app_name = "rights"

urlpatterns = [
    path("", rights_views.request_list, name="list"),
    path("new/", rights_views.request_new, name="new"),
    path("proxy/", rights_views.proxy, name="proxy"),
    path("proxy/done/", rights_views.proxy_done, name="proxy_done"),
    path("<int:pk>/", rights_views.request_detail, name="detail"),
    path("<int:pk>/lift/", rights_views.request_lift, name="lift"),
]
