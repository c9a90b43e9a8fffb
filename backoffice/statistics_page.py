"""Statistics across events in the admin: /admin/events/event/statistik/.

For organiser admins: one of their organisers (chosen when they work for several),
all its events or one series, over the years; as a page with a chart and tables,
or as CSV or XLSX (exports.writers, every cell neutralised against formulas).
"""

import io

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.abilities import STATISTICS
from events.models import Organiser, Series
from exports.catalogue import CONTENT_TYPES
from exports.reports import Sheet
from exports.writers import write_csv, write_xlsx

from .scoping import organisers_with_ability
from .statistics import LABELS, year_chart
from .statistics import statistics as figures_of

EVENT_COLUMNS = tuple(LABELS)


class StatisticsForm(forms.Form):
    organiser = forms.ModelChoiceField(
        label=_("Organiser"), queryset=Organiser.objects.none(), empty_label=None
    )
    series = forms.ModelChoiceField(
        label=_("Series"),
        queryset=Series.objects.none(),
        required=False,
        empty_label=_("All events"),
    )

    def __init__(self, data, *, organisers):
        super().__init__(data)
        self.fields["organiser"].queryset = organisers
        first = organisers.first()
        self.fields["organiser"].initial = first.pk if first else None
        chosen = self._chosen_organiser(data, organisers) or first
        self.fields["series"].queryset = Series.objects.filter(organiser=chosen).order_by("name")

    @staticmethod
    def _chosen_organiser(data, organisers):
        value = (data or {}).get("organiser")
        if not value or not str(value).isdigit():
            return None
        return organisers.filter(pk=value).first()

    def choice(self):
        """(organiser, series or None): what was asked for, or the first organiser."""
        if self.is_valid():
            return self.cleaned_data["organiser"], self.cleaned_data["series"]
        organiser = self._chosen_organiser(self.data, self.fields["organiser"].queryset)
        return organiser or self.fields["organiser"].queryset.first(), None


def statistics_page(model_admin, request):
    organisers = organisers_for(request)
    if not organisers.exists():
        raise PermissionDenied
    form = StatisticsForm(request.GET or None, organisers=organisers)
    organiser, series = form.choice()
    stats = figures_of(organiser=organiser, series=series)
    file_format = request.GET.get("format")
    if file_format in ("csv", "xlsx"):
        return _download(stats, organiser, series, file_format)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": gettext("Statistics"),
        "form": form,
        "several_organisers": organisers.count() > 1,
        "organiser": organiser,
        "series": series,
        "stats": stats,
        "chart": year_chart(stats.years) if stats.years else None,
        "labels": LABELS,
        "query": request.GET.urlencode() if form.is_valid() else "",
    }
    return TemplateResponse(request, "admin/events/event/statistics.html", context)


def organisers_for(request):
    """The organisers whose statistics the user may see: where they are organiser admin."""
    organisers = Organiser.objects.order_by("name")
    if request.user.is_active and request.user.is_superuser:
        return organisers
    return organisers.filter(pk__in=organisers_with_ability(request, STATISTICS))


def _download(stats, organiser, series, file_format):
    buffer = io.BytesIO()
    (write_csv if file_format == "csv" else write_xlsx)(sheets(stats), buffer)
    name = slugify(f"statistik {organiser.slug} {series.name if series else 'alla'}")
    response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES[file_format])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{file_format}"'
    return response


def sheets(stats):
    """The figures as sheets: per event, per year, municipalities, regions."""
    counts = [LABELS[key] for key in EVENT_COLUMNS]
    per_event = Sheet(
        title=gettext("Per event"),
        header=[gettext("Event"), gettext("Date"), gettext("Series"), *counts],
        rows=[
            [
                row.event.title,
                formats.date_format(timezone.localtime(row.event.starts_at), "Y-m-d"),
                row.event.series.name if row.event.series else "",
                *(getattr(row.figures, key) for key in EVENT_COLUMNS),
            ]
            for row in stats.events
        ],
    )
    per_year = Sheet(
        title=gettext("Per year"),
        header=[gettext("Year"), gettext("Events"), *counts],
        rows=[
            [str(year.year), year.events, *(getattr(year.figures, key) for key in EVENT_COLUMNS)]
            for year in stats.years
        ],
    )
    place_header = [gettext("Participants"), gettext("Checked in")]
    municipalities = Sheet(
        title=gettext("Municipalities"),
        header=[gettext("Municipality"), *place_header],
        rows=[[p.name, p.participants, p.attended] for p in stats.municipalities],
    )
    regions = Sheet(
        title=gettext("Regions"),
        header=[gettext("Region"), *place_header],
        rows=[[p.name, p.participants, p.attended] for p in stats.regions],
    )
    return [per_event, per_year, municipalities, regions]
