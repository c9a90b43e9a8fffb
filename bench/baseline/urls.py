from django.urls import path

from . import views

urlpatterns = [
    path("read/", views.read, name="baseline-read"),
    path("insert/", views.insert, name="baseline-insert"),
]
