def seed_assets(school, *, scale=0, stdout=None):
    pass
