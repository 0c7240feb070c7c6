def seed_safety(school, *, scale=0, stdout=None):
    pass
