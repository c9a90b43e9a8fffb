from django.urls import path

app_name = "registrations"

urlpatterns: list = [
    path("anmalan/<str:token>/", lambda request, token: None, name="manage"),
]
