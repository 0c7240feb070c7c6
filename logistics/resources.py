"""The base for every app's django-import-export resource.

It keeps imports inside one school and caps their size, so each app's resource
only declares its fields and keys. Formula triggers are left to the export
formats (logistics/export_formats.py).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from import_export import fields, resources, widgets

from .excel import clean_text
from .models import Building, Campus, Location
from .scoping import school_id_of


class SchoolForeignKeyWidget(widgets.ForeignKeyWidget):
    """Looks a related row up by a real-world key, only inside the resource's school."""

    school_id = None

    def get_queryset(self, value, row, *args, **kwargs):
        return self.model._default_manager.filter(school_id=self.school_id)


class SchoolResource(resources.ModelResource):
    """Import/export scoped to one school, capped in rows and safe to open in Excel."""

    def __init__(self, *, school=None, user=None, **kwargs):
        super().__init__(**kwargs)
        self.school_id = getattr(school, "pk", school) or school_id_of(user)
        for field in self.fields.values():
            if isinstance(field.widget, SchoolForeignKeyWidget):
                field.widget.school_id = self.school_id

    @classmethod
    def max_rows(cls):
        return settings.LOGISTICS["IMPORT_MAX_ROWS"]

    def get_queryset(self):
        return super().get_queryset().filter(school_id=self.school_id)

    def before_import(self, dataset, **kwargs):
        if self.school_id is None:
            raise ValidationError(_("You have no school, so nothing can be imported."))
        if len(dataset) > self.max_rows():
            raise ValidationError(
                _(
                    "The file has %(rows)d rows; at most %(max)d can be imported at once."
                )
                % {"rows": len(dataset), "max": self.max_rows()}
            )
        super().before_import(dataset, **kwargs)

    def get_instance(self, instance_loader, row):
        # Keys are unique per school: never match a row of another school.
        import_id_fields = [self.fields[name] for name in self.get_import_id_fields()]
        params = {field.attribute: field.clean(row) for field in import_id_fields}
        params["school_id"] = self.school_id
        return self._meta.model._default_manager.filter(**params).first()

    def init_instance(self, row=None):
        instance = super().init_instance(row)
        instance.school_id = self.school_id
        return instance

    def export_field(self, field, instance, **kwargs):
        # Texts stay as they are: the export format keeps a formula trigger inert
        # (logistics/export_formats.py: the quote-prefix style in .xlsx, an
        # apostrophe in CSV).
        value = super().export_field(field, instance, **kwargs)
        return clean_text(value) if isinstance(value, str) else value


class LocationResource(SchoolResource):
    """Rooms and areas, keyed by their code: the example every app's resource follows."""

    campus = fields.Field(
        attribute="campus",
        column_name=_lazy("campus code"),
        widget=SchoolForeignKeyWidget(Campus, field="code"),
    )
    building = fields.Field(
        attribute="building",
        column_name=_lazy("building code"),
        widget=SchoolForeignKeyWidget(Building, field="code"),
    )

    class Meta:
        model = Location
        fields = ("code", "name", "kind", "floor", "campus", "building", "is_active")
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
