from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registrations', '0002_registration_waitlisted_at'),
    ]

    operations = [
        migrations.AddField(
            model_name='booking',
            name='anonymised_at',
            field=models.DateTimeField(blank=True, db_index=True, editable=False, null=True, verbose_name='anonymised'),
        ),
        migrations.AddField(
            model_name='registration',
            name='anonymised_at',
            field=models.DateTimeField(blank=True, db_index=True, editable=False, null=True, verbose_name='anonymised'),
        ),
    ]
