"""Store every region's, goal's and bottleneck's rich text in its canonical serialisation.

byregion.richtext.clean_html now writes one form for the same content (issue 12), so that what the
editor sends back for unchanged text compares equal; text stored before is rewritten once here.
"""

from django.db import migrations

from byregion.richtext import clean_html

FIELDS = {"Region": ("summary", "after_programme"), "Goal": ("text",), "Bottleneck": ("text",)}


def canonicalise(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("regions", model_name)
        for row in model.objects.only("pk", *fields).iterator():
            changed = {
                field: clean_html(getattr(row, field))
                for field in fields
                if clean_html(getattr(row, field)) != getattr(row, field)
            }
            if changed:
                model.objects.filter(pk=row.pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [("regions", "0008_review_date_end_of_publication_approval")]

    operations = [migrations.RunPython(canonicalise, migrations.RunPython.noop, elidable=True)]
