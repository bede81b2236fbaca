"""The content version of the page cache, one row, started from the clock (byregion/cache.py)."""

import time

from django.db import migrations, models


def create_the_row(apps, schema_editor):
    apps.get_model("byregion", "ContentVersion").objects.create(id=1, value=time.time_ns())


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('byregion', '0001_search_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='ContentVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('value', models.BigIntegerField(default=0, verbose_name='versjon')),
            ],
            options={
                'verbose_name': 'innhaldsversjon',
                'verbose_name_plural': 'innhaldsversjonar',
                'constraints': [models.CheckConstraint(condition=models.Q(('id', 1)), name='contentversion_one_row')],
            },
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
