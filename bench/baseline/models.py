from django.db import models


class Note(models.Model):
    """A tiny table for the baseline's one-query views."""

    text = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "baseline"
        db_table = "bench_baseline_note"

    def __str__(self):
        return self.text
