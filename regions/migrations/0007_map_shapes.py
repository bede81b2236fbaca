"""Project and simplify the 2024 municipality borders once (regions/reference/kommunar-2024.geojson,
© Kartverket, CC BY 4.0) and store what the maps draw (regions/map_shapes.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from regions import map_shapes

    Municipality = apps.get_model("regions", "Municipality")
    MunicipalityShape = apps.get_model("regions", "MunicipalityShape")
    municipalities = {
        number: (pk, county)
        for pk, number, county in Municipality.objects.values_list("pk", "number", "county__number")
    }
    shapes = map_shapes.build({number: county for number, (_pk, county) in municipalities.items()})
    MunicipalityShape.objects.bulk_create(
        MunicipalityShape(
            municipality_id=municipalities[shape.number][0],
            national=shape.paths["national"],
            county_border=shape.county_border,
            wide=shape.paths["wide"],
            close=shape.paths["close"],
            x_min=shape.bounds[0],
            y_min=shape.bounds[1],
            x_max=shape.bounds[2],
            y_max=shape.bounds[3],
            label_x=shape.label[0],
            label_y=shape.label[1],
        )
        for shape in shapes
    )


def unload(apps, schema_editor):
    apps.get_model("regions", "MunicipalityShape").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0006_municipality_shape")]

    operations = [migrations.RunPython(load, unload)]
