"""Admin for groups, memberships, posts, comments and reports."""
