"""Every existing school gets the default approval chains (a new school gets them
when it is created). The steps are copied here as they were when this migration
was written, so a later change of the defaults does not change what it did."""

from decimal import Decimal

from django.db import migrations

OTHER_HOLDER, NEXT_STEP = "other_holder", "next_step"
# kind -> [(role, min, max, collective, requester rule, name)]
CHAINS = {
    "procurement.purchase": [
        ("logistics_head", None, None, False, NEXT_STEP, ""),
        ("director", Decimal("3000.00"), None, False, OTHER_HOLDER, ""),
        ("director", Decimal("50000.00"), None, True, OTHER_HOLDER, "校务会"),
    ],
    "assets.disposal": [
        ("director", None, None, False, OTHER_HOLDER, ""),
    ],
}


def create(apps, schema_editor):
    School = apps.get_model("logistics", "School")
    ApprovalChain = apps.get_model("logistics", "ApprovalChain")
    ApprovalStep = apps.get_model("logistics", "ApprovalStep")
    for school in School.objects.all():
        for kind, steps in CHAINS.items():
            chain, created = ApprovalChain.objects.get_or_create(
                school=school, kind=kind
            )
            if not created:
                continue
            for order, (role, low, high, collective, rule, name) in enumerate(
                steps, start=1
            ):
                ApprovalStep.objects.create(
                    school=school,
                    chain=chain,
                    order=order,
                    role=role,
                    min_amount=low,
                    max_amount=high,
                    collective=collective,
                    requester_rule=rule,
                    name=name,
                )


class Migration(migrations.Migration):
    dependencies = [("logistics", "0009_approval_chains_delegations")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
