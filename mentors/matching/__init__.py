"""AI matching: which mentors suit a learner, and which categories a search means.

Both use the sentence embeddings of `embeddings` (a model shipped in a PyPI package). A mentor's
profile text is embedded when the profile changes (a Celery task queued on commit, see
mentors.receivers) and stored on the row (`profiles`); a request embeds only the learner's few
phrases (`learners`) and ranks every bookable mentor in process with NumPy (`recommend`;
pgvector is not available on these machines, DESIGN.md). Category and subject vectors are
computed once per process and kept (`vectors`), because the taxonomy changes rarely: a cheap
fingerprint query tells when it did; `categories` searches them.

Scores are cosine similarities of L2-normalised vectors. For this model unrelated texts score
about 0.0-0.15, loosely related ones 0.3-0.45 and close ones 0.5 and more; the thresholds were
set by looking at such pairs ("become a UX designer" ~ "UX Design" 0.66, ~ "Tax Law" 0.0).
"""

from mentors.matching.categories import CategoryHit, category_search
from mentors.matching.learners import Want, learner_wants, topic_text
from mentors.matching.profiles import (
    TEXT_FIELDS,
    mentor_embedding_refresh,
    mentor_embeddings_refresh,
    mentor_for_embedding,
    mentor_profile_text,
    profile_digest,
)
from mentors.matching.recommend import Match, recommend_for, time_zone_gap
from mentors.matching.vectors import taxonomy_index

__all__ = [
    "TEXT_FIELDS",
    "CategoryHit",
    "Match",
    "Want",
    "category_search",
    "learner_wants",
    "mentor_embedding_refresh",
    "mentor_embeddings_refresh",
    "mentor_for_embedding",
    "mentor_profile_text",
    "profile_digest",
    "recommend_for",
    "taxonomy_index",
    "time_zone_gap",
    "topic_text",
]
