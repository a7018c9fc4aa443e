# The severity rubric in both languages: the criteria and examples stored so far are the English ones.
# Re-run `waspada incidents import-taxonomy` to load the Indonesian text (until then pages fall back to English).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0007_four_eyes_review_rule'),
    ]

    operations = [
        migrations.RenameField('severitylevel', 'criteria', 'criteria_en'),
        migrations.RenameField('severitylevel', 'examples', 'examples_en'),
        migrations.AlterField(
            model_name='severitylevel',
            name='criteria_en',
            field=models.JSONField(blank=True, default=list, verbose_name='criteria (English)'),
        ),
        migrations.AlterField(
            model_name='severitylevel',
            name='examples_en',
            field=models.JSONField(blank=True, default=list, verbose_name='examples (English)'),
        ),
        migrations.AddField(
            model_name='severitylevel',
            name='criteria_id',
            field=models.JSONField(default=list, verbose_name='criteria (Indonesian)'),
        ),
        migrations.AddField(
            model_name='severitylevel',
            name='examples_id',
            field=models.JSONField(blank=True, default=list, verbose_name='examples (Indonesian)'),
        ),
    ]
