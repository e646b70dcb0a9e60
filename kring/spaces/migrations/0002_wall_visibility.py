# Profile walls carry their owner's profile visibility (kring.spaces.walls).

from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def fill_walls(apps, schema_editor):
    Space = apps.get_model("spaces", "Space")
    Profile = apps.get_model("members", "Profile")
    owner_visibility = Profile.objects.filter(
        member_id=OuterRef("owner_member_id"),
        member__is_active=True,
        member__approval_status="approved",
    ).values("visibility")[:1]
    Space.objects.filter(kind="profile").update(
        wall_visibility=Coalesce(Subquery(owner_visibility), Value(""))
    )


class Migration(migrations.Migration):

    dependencies = [
        ('spaces', '0001_initial'),
        ('members', '0002_profile_moderation_profile_moderation_reason'),
        ('accounts', '0005_member_name_order'),
    ]

    operations = [
        migrations.AddField(
            model_name='space',
            name='wall_visibility',
            field=models.CharField(blank=True, default='', editable=False, max_length=10),
        ),
        migrations.RunPython(fill_walls, migrations.RunPython.noop),
    ]
