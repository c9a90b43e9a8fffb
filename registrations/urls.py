from django.urls import path

from . import views

app_name = "registrations"

urlpatterns = [
    path("evenemang/<slug:slug>/anmalan/", views.signup, name="signup"),
    path("evenemang/<slug:slug>/anmalan/skickad/", views.signup_sent, name="signup_sent"),
    path("evenemang/<slug:slug>/skicka-lank/", views.resend_link, name="resend_link"),
    path("skicka-lankar/", views.resend_links, name="resend_links"),
    path("anmalan/<str:token>/", views.manage, name="manage"),
    path("anmalan/<str:token>/avboka/", views.cancel, name="cancel"),
    path("anmalan/<str:token>/overlat/", views.hand_over, name="hand_over"),
    path("integritet/", views.privacy, name="privacy"),
]
