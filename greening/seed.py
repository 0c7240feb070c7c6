def seed_greening(school, *, scale=1, stdout=None):
    pass
