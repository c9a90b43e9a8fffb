from django.db import migrations, models


def first_note(apps, schema_editor):
    apps.get_model("baseline", "Note").objects.create(text="baseline")


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Note",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.CharField(max_length=100)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={"db_table": "bench_baseline_note"},
        ),
        migrations.RunPython(first_note, migrations.RunPython.noop),
    ]
