from django.contrib import admin

from . import models

for model in (
    models.Organiser,
    models.Membership,
    models.Series,
    models.Venue,
    models.Speaker,
    models.Event,
    models.Session,
    models.Material,
    models.PriceOption,
):
    admin.site.register(model)
