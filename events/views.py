from django.shortcuts import render

from .models import Event


def home(request):
    events = Event.objects.published().upcoming().for_listing()
    return render(request, "events/home.html", {"events": events})
