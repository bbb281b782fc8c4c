from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0005_profiles_skills_audit_soft_delete"),
        ("mentors", "0003_taxonomy"),
    ]

    operations = [
        migrations.AddField(
            model_name="mentorprofile",
            name="skills",
            field=models.ManyToManyField(blank=True, related_name="mentors", to="accounts.skill"),
        ),
    ]
