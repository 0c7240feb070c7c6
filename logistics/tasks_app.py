"""django-tasks' database queue under a translated name in the admin: its own
config names it "Tasks Database Backend" in a plain string."""

from django.utils.translation import gettext_lazy as _

from django_tasks_db.apps import TasksAppConfig


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("Background task queue")
