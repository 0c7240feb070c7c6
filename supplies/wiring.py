"""The rest of what the warehouse plugs into the core (nav, files, approvals…)."""


def wire(registry):
    return None
