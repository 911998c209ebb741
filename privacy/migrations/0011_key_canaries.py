# A check value per key from the environment (issue 17: key configuration guards).

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('privacy', '0010_access_log_witness'),
    ]

    operations = [
        migrations.CreateModel(
            name='KeyCanary',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('master', '마스터 키'), ('blind_index', '검색 색인 키')], max_length=20, verbose_name='종류')),
                ('kid', models.CharField(max_length=40, verbose_name='키 ID')),
                ('check_value', models.BinaryField(verbose_name='확인 값')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='생성')),
            ],
            options={
                'verbose_name': '키 확인 값',
                'verbose_name_plural': '키 확인 값',
                'constraints': [models.UniqueConstraint(fields=('kind', 'kid'), name='one_canary_per_key')],
            },
        ),
    ]
