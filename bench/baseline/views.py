from django.db import transaction
from django.http import HttpResponse
from django.views.decorators.http import require_GET, require_POST

from .models import Note


@require_GET
def read(request):
    """One query: the first note's text."""
    text = Note.objects.order_by("pk").values_list("text", flat=True).first()
    return HttpResponse(text or "", content_type="text/plain; charset=utf-8")


@require_POST
def insert(request):
    """One INSERT in one transaction (what a signup's write costs at the very least)."""
    with transaction.atomic():
        note = Note.objects.create(text="insert")
    return HttpResponse(str(note.pk), content_type="text/plain; charset=utf-8")
