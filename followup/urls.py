from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("anmalan/<str:token>/intyg.pdf", views.certificate_download, name="certificate"),
    path("intyg/", views.verify, name="verify"),
    path("intyg/<str:code>/", views.verify_code, name="verify_code"),
    path("enkat/<str:token>/", views.survey, name="survey"),
]
