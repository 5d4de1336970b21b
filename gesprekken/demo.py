"""Demo conversations for seed_demo (filled in by the conversations feature)."""

import datetime
import random


def seed_conversations(*, organization, rng: random.Random, today: datetime.date) -> int:
    return 0
