from django.urls import path

from . import accounts, checkin

app_name = "backoffice"

urlpatterns = [
    path("incheckning/", checkin.event_list, name="checkin_events"),
    path("incheckning/<int:event_id>/", checkin.checkin_page, name="checkin"),
    path("personal/inbjudan/", accounts.accept_invite, name="accept_invite_page"),
    path("personal/inbjudan/<str:token>/", accounts.invite_link, name="accept_invite"),
]
