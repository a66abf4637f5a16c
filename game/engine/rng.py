"""A small seeded random generator whose whole state is one integer.

The state lives in the game state, so a saved game replays exactly, on any Python version.
"""

from __future__ import annotations

_MASK = (1 << 64) - 1
SEED_LIMIT = 10**18          # a seed has at most 18 digits (the new-game screen takes no more)


class Rng:
    """SplitMix64: fast, well distributed, and trivially serialisable."""

    __slots__ = ("state",)

    def __init__(self, seed: int) -> None:
        self.state = seed & _MASK

    def next_u64(self) -> int:
        self.state = (self.state + 0x9E3779B97F4A7C15) & _MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def random(self) -> float:
        """A float in [0, 1)."""
        return (self.next_u64() >> 11) * (1.0 / (1 << 53))

    def randint(self, lo: int, hi: int) -> int:
        """A whole number in [lo, hi]."""
        if hi < lo:
            lo, hi = hi, lo
        return lo + self.next_u64() % (hi - lo + 1)

    def weighted_index(self, weights: list[float]) -> int:
        """An index picked with probability proportional to its weight."""
        total = sum(weights)
        if total <= 0:
            return 0
        x = self.random() * total
        for i, w in enumerate(weights):
            x -= w
            if x < 0:
                return i
        return len(weights) - 1
