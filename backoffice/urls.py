from django.urls import path

from . import checkin

app_name = "backoffice"

urlpatterns = [
    path("incheckning/", checkin.event_list, name="checkin_events"),
    path("incheckning/<int:event_id>/", checkin.checkin_page, name="checkin"),
]
