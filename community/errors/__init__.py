"""community's errors, one module per part, each with a stable code of API.md §0."""
