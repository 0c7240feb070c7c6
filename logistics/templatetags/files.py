"""``{{ photo.image|file_url }}``: an uploaded file's checked address (logistics.files)."""

from django import template

from .. import files

register = template.Library()


@register.filter
def file_url(fieldfile):
    return files.file_url(fieldfile)
