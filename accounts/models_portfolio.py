"""Resume versions and the portfolio (issue 18)."""

__all__: list[str] = []
