"""Ship the gazetteer and the Editors group, so `make run` and every test database have them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def load(apps, schema_editor):
    from archive.editing import editors_group_sync, gazetteer_load

    gazetteer_load(apps=apps)
    # Permissions are normally created after all migrations; the group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    editors_group_sync(apps=apps)


def unload(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0002_entity_state"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(load, unload)]
