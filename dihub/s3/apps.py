from django.apps import AppConfig


class S3Config(AppConfig):
    name = "dihub.s3"
    label = "s3"
    verbose_name = "Smart specialisation and indicators"
    default_auto_field = "django.db.models.BigAutoField"
