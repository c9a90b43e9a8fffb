from django.contrib import admin

from . import models

for model in (models.Booking, models.Registration, models.Question, models.Answer):
    admin.site.register(model)
