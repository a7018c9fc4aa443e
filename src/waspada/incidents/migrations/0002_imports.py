# Bulk import history (issue 6).

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ImportRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('incidents', 'Incident reports'), ('events', 'Historical events (other datasets)')], default='incidents', max_length=12, verbose_name='kind')),
                ('file_name', models.CharField(max_length=200, verbose_name='file name')),
                ('file_format', models.CharField(max_length=4, verbose_name='format')),
                ('file_sha256', models.CharField(max_length=64)),
                ('file_size', models.PositiveIntegerField(default=0, verbose_name='size (bytes)')),
                ('status', models.CharField(choices=[('committed', 'Imported'), ('rejected', 'Refused: errors in the file'), ('failed', 'Failed')], max_length=12, verbose_name='status')),
                ('rows_total', models.PositiveIntegerField(default=0, verbose_name='rows')),
                ('rows_created', models.PositiveIntegerField(default=0, verbose_name='incidents created')),
                ('errors', models.JSONField(blank=True, default=list, verbose_name='errors')),
                ('error_count', models.PositiveIntegerField(default=0, verbose_name='error count')),
                ('ignored_columns', models.JSONField(blank=True, default=list, verbose_name='ignored columns')),
                ('job_id', models.CharField(blank=True, max_length=32, verbose_name='job id')),
                ('office_code', models.CharField(blank=True, db_index=True, max_length=16, verbose_name='office')),
                ('started_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='started')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'import',
                'verbose_name_plural': 'imports',
                'ordering': ['-started_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='ImportedRow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('row', models.PositiveIntegerField(verbose_name='row')),
                ('incident', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='import_row', to='incidents.incident')),
                ('run', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='imported_rows', to='incidents.importrun')),
            ],
            options={
                'verbose_name': 'imported row',
                'verbose_name_plural': 'imported rows',
                'ordering': ['run', 'row'],
            },
        ),
    ]
