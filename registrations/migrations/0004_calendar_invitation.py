from django.db import migrations, models
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat


def invitations_already_sent(apps, schema_editor):
    """Invitations sent before had one UID per event (event-<id>@anmalan) and no
    SEQUENCE: keep that UID for their cancellation and later updates."""
    Registration = apps.get_model("registrations", "Registration")
    OutgoingEmail = apps.get_model("messaging", "OutgoingEmail")
    invited = OutgoingEmail.objects.filter(
        registration=OuterRef("pk"), kind__in=("confirmation", "promoted")
    )
    Registration.objects.filter(Exists(invited)).update(
        calendar_uid=Concat(Value("event-"), Cast("event_id", CharField())), calendar_sequence=0
    )


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0003_anonymised_at"),
        ("messaging", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="calendar_sequence",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="SEQUENCE of the last calendar invitation or cancellation sent.",
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="calendar_uid",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="UIDs of the calendar invitation sent; empty: none was sent.",
                max_length=100,
            ),
        ),
        migrations.RunPython(invitations_already_sent, migrations.RunPython.noop),
    ]
