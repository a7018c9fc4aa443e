# Gateway channels and deliveries (issue 6).

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0002_imports'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='IntakeChannel',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=40, unique=True, verbose_name='channel')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('secret_enc', models.TextField(editable=False)),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
            ],
            options={
                'verbose_name': 'intake channel',
                'verbose_name_plural': 'intake channels',
                'ordering': ['slug'],
            },
        ),
        migrations.CreateModel(
            name='WebhookDelivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('delivery_id', models.CharField(max_length=200, verbose_name='delivery id')),
                ('sent_at', models.DateTimeField(verbose_name='signed at')),
                ('received_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='received')),
                ('payload_enc', models.TextField(editable=False)),
                ('status', models.CharField(choices=[('accepted', 'Accepted, waiting to be processed'), ('processed', 'Incident created'), ('failed', 'Processing failed (will be retried)')], db_index=True, default='accepted', max_length=12, verbose_name='status')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                ('error', models.TextField(blank=True, verbose_name='last error')),
                ('channel', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='deliveries', to='incidents.intakechannel')),
                ('incident', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='incidents.incident')),
            ],
            options={
                'verbose_name': 'gateway delivery',
                'verbose_name_plural': 'gateway deliveries',
                'ordering': ['-received_at', '-id'],
                'constraints': [models.UniqueConstraint(fields=('channel', 'delivery_id'), name='incidents_delivery_once')],
            },
        ),
    ]
