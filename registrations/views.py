from django.http import Http404


def signup(request, slug):
    raise Http404


def resend_link(request, slug):
    raise Http404


def manage(request, token):
    raise Http404


def privacy(request):
    raise Http404
