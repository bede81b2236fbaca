"""Store every result example's text in its canonical serialisation (see regions 0008)."""

from django.db import migrations

from byregion.richtext import clean_html


def canonicalise(apps, schema_editor):
    ResultExample = apps.get_model("cases", "ResultExample")
    for row in ResultExample.objects.only("pk", "body").iterator():
        body = clean_html(row.body)
        if body != row.body:
            ResultExample.objects.filter(pk=row.pk).update(body=body)


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_review_date_end_of_publication_approval")]

    operations = [migrations.RunPython(canonicalise, migrations.RunPython.noop, elidable=True)]
