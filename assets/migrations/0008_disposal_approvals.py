"""Disposals proposed before approval chains existed get their approval, along the
school's disposal chain, so they can be decided as every new one is."""

from django.db import migrations

KIND = "assets.disposal"


def start(apps, schema_editor):
    Disposal = apps.get_model("assets", "Disposal")
    Approval = apps.get_model("logistics", "Approval")
    ApprovalChain = apps.get_model("logistics", "ApprovalChain")
    ApprovalStage = apps.get_model("logistics", "ApprovalStage")
    fields = [
        "order",
        "name",
        "role",
        "person_id",
        "min_amount",
        "max_amount",
        "collective",
        "requester_rule",
    ]
    for disposal in Disposal.objects.filter(status="proposed").select_related("asset"):
        if Approval.objects.filter(
            kind=KIND, object_id=disposal.pk, status="pending"
        ).exists():
            continue
        chain = ApprovalChain.objects.filter(
            school_id=disposal.school_id, kind=KIND
        ).first()
        if chain is None:
            continue
        amount = disposal.asset.original_value
        steps = [
            step
            for step in chain.steps.order_by("order")
            if (step.min_amount is None or amount >= step.min_amount)
            and (step.max_amount is None or amount < step.max_amount)
        ]
        if not steps:
            continue
        approval = Approval.objects.create(
            school_id=disposal.school_id,
            kind=KIND,
            object_id=disposal.pk,
            title=f"资产处置：{disposal.asset.number} {disposal.asset.name}"[:200],
            url=f"/assets/disposals/{disposal.pk}/",
            amount=amount,
            requester_id=disposal.proposed_by_id,
            started_at=disposal.proposed_at,
            allow_repeat_decider=chain.allow_repeat_decider,
        )
        stages = [
            ApprovalStage.objects.create(
                school_id=disposal.school_id,
                approval=approval,
                **{name: getattr(step, name) for name in fields},
            )
            for step in steps
        ]
        approval.current_stage = stages[0]
        approval.save(update_fields=["current_stage"])


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0007_text_limits_date_ranges"),
        ("logistics", "0010_default_approval_chains"),
    ]

    operations = [migrations.RunPython(start, migrations.RunPython.noop)]
