def seed_procurement(*args, **kwargs):
    return None
