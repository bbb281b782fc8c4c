"""Groups, membership, posts, comments and reports."""
