"""Factories for repair requests; most tests go through the services instead."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import factory
from PIL import Image

from repairs.choices import RepairStatus, Urgency
from repairs.models import PriceItem, RepairCategory, RepairRequest

from ..factories import LocationFactory


class RepairRequestFactory(factory.django.DjangoModelFactory):
    """A request in any status, written directly (no log, no notifications).

    ``category`` may be given as a code ("water"): the school's category is used.
    """

    class Meta:
        model = RepairRequest

    location = factory.SubFactory(LocationFactory)
    school = factory.SelfAttribute("location.school")
    requester = None
    number = factory.Sequence(lambda n: f"BXT{n:06d}")
    category = "lighting"
    urgency = Urgency.NORMAL
    description = "教室后排灯管不亮"
    status = RepairStatus.SUBMITTED
    created_at = factory.LazyFunction(timezone.now)
    due_at = factory.LazyAttribute(
        lambda o: o.created_at + timezone.timedelta(hours=72)
    )

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if isinstance(kwargs.get("category"), str):
            kwargs["category"] = RepairCategory.objects.get(
                school=kwargs["school"], code=kwargs["category"]
            )
        return kwargs


class PriceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceItem

    name = factory.Sequence(lambda n: f"窗玻璃{n}")
    unit = "块"
    price = "80.00"


def image_upload(name="photo.jpg", size=(40, 30), fmt="JPEG", exif=None):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **kwargs)
    content_type = "image/png" if fmt == "PNG" else "image/jpeg"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)
