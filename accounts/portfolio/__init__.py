"""Resumes, the portfolio and share captions (issue 18): `facts` (what higher apps tell about a
person), `selectors`, `services`, `summary` (the platform's text over those facts), `pdf`,
`captions` and `sharing`."""
