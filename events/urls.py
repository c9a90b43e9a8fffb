from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.home, name="home"),
    path("arkiv/", views.archive, name="archive"),
    path("evenemang/<slug:slug>/", views.event_detail, name="event"),
    path("evenemang/<slug:slug>/kalender.ics", views.event_calendar, name="event_ics"),
    path("serier/<slug:slug>/", views.series_detail, name="series"),
    path("arrangorer/<slug:slug>/", views.organiser_detail, name="organiser"),
    path("arrangorer/<slug:slug>/kalender.ics", views.organiser_calendar, name="organiser_feed"),
]
