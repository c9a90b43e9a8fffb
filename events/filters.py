"""The organiser and series filter above the lists of events (a plain GET form)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Event, Organiser, Series


class EventFilterForm(forms.Form):
    """Offers only the organisers and series that occur among ``events``.

    The field names are the Swedish query parameters (``?arrangor=cks&serie=...``),
    so filtered lists have readable addresses that can be shared.
    """

    arrangor = forms.ChoiceField(label=_("Organiser"), required=False)
    serie = forms.ChoiceField(label=_("Series"), required=False)

    def __init__(self, data, *, events):
        super().__init__(data)
        event_ids = events.values("pk")
        co_organisers = Event.co_organisers.through.objects.filter(event__in=event_ids)
        self._organisers = {
            organiser.slug: organiser
            for organiser in Organiser.objects.filter(
                Q(pk__in=events.values("organiser_id"))
                | Q(pk__in=co_organisers.values("organiser_id"))
            ).only("slug", "name")
        }
        self._series = {
            series.slug: series
            for series in Series.objects.filter(pk__in=events.values("series_id")).only(
                "slug", "name"
            )
        }
        self.fields["arrangor"].choices = [
            ("", _("All organisers")),
            *((slug, organiser.name) for slug, organiser in self._organisers.items()),
        ]
        self.fields["serie"].choices = [
            ("", _("All series")),
            *((slug, series.name) for slug, series in self._series.items()),
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    @property
    def is_filtered(self):
        return bool(self.selected_organiser or self.selected_series)

    @property
    def selected_organiser(self):
        return self._organisers.get(self._clean_value("arrangor"))

    @property
    def selected_series(self):
        return self._series.get(self._clean_value("serie"))

    def _clean_value(self, name):
        self.is_valid()  # validates once; an unknown slug becomes a field error and is ignored
        return self.cleaned_data.get(name, "")

    def filter(self, events):
        """``events`` narrowed to the valid choices made."""
        if organiser := self.selected_organiser:
            events = events.involving(organiser)
        if series := self.selected_series:
            events = events.filter(series=series)
        return events
