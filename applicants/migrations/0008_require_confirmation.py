import django.db.models.functions.text
import imago_site.tokens
from django.db import migrations, models


class Migration(migrations.Migration):
    """Every application has a confirmation token now; the database holds the rules of the
    confirmation, and an expired application no longer keeps its address from applying again."""

    dependencies = [
        ('applicants', '0007_confirm_existing_applications'),
    ]

    operations = [
        migrations.AlterField(
            model_name='application',
            name='confirmation_token',
            field=models.CharField(default=imago_site.tokens.new_token, editable=False, max_length=64, unique=True, verbose_name='confirmation link token'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(condition=models.Q(('confirmed_at__isnull', True)), fields=['confirm_by'], name='application_to_confirm'),
        ),
        migrations.RemoveConstraint(
            model_name='application',
            name='application_one_per_email_and_training',
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('email'), models.F('training'), condition=models.Q(('status__in', ['withdrawn', 'expired']), _negated=True), name='application_one_per_email_and_training', violation_error_message='This e-mail address has already applied.'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('confirmed_at__isnull', False), ('confirm_by__isnull', False), _connector='OR'), name='application_unconfirmed_has_deadline'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'expired'), _negated=True), ('confirmed_at__isnull', True), _connector='OR'), name='application_expired_is_unconfirmed'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'accepted'), _negated=True), ('confirmed_at__isnull', False), _connector='OR'), name='application_accepted_is_confirmed'),
        ),
    ]
