# Background exports (issue 6).

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0003_webhooks'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ExportJob',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('format', models.CharField(choices=[('csv', 'CSV'), ('xlsx', 'XLSX'), ('geojson', 'GeoJSON')], max_length=8, verbose_name='format')),
                ('filters', models.JSONField(blank=True, default=dict, verbose_name='filters')),
                ('language', models.CharField(default='id', max_length=8)),
                ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('done', 'Ready'), ('failed', 'Failed')], default='queued', max_length=8, verbose_name='status')),
                ('task_id', models.CharField(blank=True, max_length=64)),
                ('file', models.FileField(blank=True, max_length=300, upload_to='', verbose_name='file')),
                ('row_count', models.PositiveIntegerField(blank=True, null=True, verbose_name='rows')),
                ('size', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='size (bytes)')),
                ('error', models.TextField(blank=True, verbose_name='error')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='requested')),
                ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'export',
                'verbose_name_plural': 'exports',
                'ordering': ['-created_at'],
                'indexes': [models.Index(fields=['user', '-created_at'], name='incidents_export_user')],
            },
        ),
    ]
