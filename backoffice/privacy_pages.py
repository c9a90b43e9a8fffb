from django.http import Http404


def index(admin_site, request):
    raise Http404


def privacy_page(admin_site, request, organiser_id):
    raise Http404


def erase(admin_site, request, organiser_id):
    raise Http404
